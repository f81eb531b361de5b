/**
 * The Netty side of the gRPC server: native epoll when the platform has it (NIO otherwise),
 * keepalive rules and a maximum connection age, applied to a {@code NettyServerBuilder}.
 */
package io.remotemedia.server.netty;
