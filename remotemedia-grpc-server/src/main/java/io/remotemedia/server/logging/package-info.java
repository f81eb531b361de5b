/**
 * Naming callers in the access log: {@link
 * io.remotemedia.server.logging.ClientNameLookup}, given to the server through {@link
 * io.remotemedia.server.Observability#withClientNames}. The structured JSON logging itself
 * (one access line per RPC, request ids, JSON fields; never audio, never credentials) is
 * internal.
 */
package io.remotemedia.server.logging;
