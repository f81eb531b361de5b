/**
 * Not public API: the one mapping between the remotemedia.v1 wire messages
 * ({@code io.remotemedia.proto}) and the pipeline's domain types, used by both the server and
 * the client SDK. It lives beside the messages it maps, so that {@code remotemedia-pipeline}
 * needs no protobuf at all. May change in any release.
 */
package io.remotemedia.proto.internal.wire;
