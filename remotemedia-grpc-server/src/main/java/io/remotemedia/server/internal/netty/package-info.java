/**
 * Not public API: may change in any release without notice.
 *
 * <p>The Netty side of the gRPC server: native epoll when the platform has it (NIO otherwise),
 * keepalive rules and a maximum connection age, applied to a {@code NettyServerBuilder}, and a
 * lingering close on every connection so that the last responses reach the client.
 */
package io.remotemedia.server.internal.netty;
