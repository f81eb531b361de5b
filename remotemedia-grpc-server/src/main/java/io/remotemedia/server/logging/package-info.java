/**
 * Structured JSON logging: one access line per RPC ({@link
 * io.remotemedia.server.internal.logging.AccessLogInterceptor}), the request id that travels with a call
 * ({@link io.remotemedia.server.internal.logging.RequestId}) and messages whose fields become JSON keys
 * ({@link io.remotemedia.server.internal.logging.StructuredMessage}). Never audio, never credentials.
 */
package io.remotemedia.server.logging;
