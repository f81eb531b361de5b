/**
 * Not public API: may change in any release without notice.
 *
 * <p>The gRPC edge: the service implementation and the one place that turns pipeline failures
 * into gRPC {@code Status}es. Proto types do not travel past this package and the shared wire
 * mapping ({@code io.remotemedia.proto.internal.wire}).
 */
package io.remotemedia.server.internal.transport;
