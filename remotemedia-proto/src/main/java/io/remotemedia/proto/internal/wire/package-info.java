/**
 * The one mapping between the remotemedia.v1 wire messages ({@code io.remotemedia.proto}) and
 * the domain types, used by both the server and the client SDK. Only this package touches
 * protobuf; it needs {@code remotemedia-proto} and {@code protobuf-java} on the class path,
 * which an embedding application that never uses it can leave out.
 */
package io.remotemedia.proto.internal.wire;
