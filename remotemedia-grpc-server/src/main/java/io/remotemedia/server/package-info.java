/**
 * The RemoteMedia gRPC server: {@link io.remotemedia.server.RemoteMediaServer} wraps the
 * pipeline in the remotemedia.v1 service; {@link io.remotemedia.server.ServerMain} is the
 * runnable jar's entry point.
 */
package io.remotemedia.server;
