/**
 * How messages cross grpc-java's marshalling edge without extra copies of their audio: parsing
 * with aliasing straight from the transport's buffers ({@link
 * io.remotemedia.proto.internal.marshal.AliasingParser}) and the lease that keeps those buffers
 * alive until the audio is decoded ({@link io.remotemedia.proto.internal.marshal.NetworkBuffers}).
 * Used by the server and the client SDK alike.
 *
 * <p>Internal: not public API, may change without notice.
 */
package io.remotemedia.proto.internal.marshal;
