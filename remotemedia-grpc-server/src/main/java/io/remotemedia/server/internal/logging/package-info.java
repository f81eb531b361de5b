/** Not public API: may change in any release without notice. The server's logging machinery. */
package io.remotemedia.server.internal.logging;
