package io.remotemedia.server;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replicas, each a real server process on loopback, behind the shipped nginx configuration
 * ({@link NginxProxy}), and a client of the proxy: a plain gRPC channel with retries off, as a
 * client in another language has, so whatever fails through the proxy fails the call.
 */
final class ProxiedFleet implements AutoCloseable {
  private final List<ServerProcess> replicas;
  private final NginxProxy proxy;
  private final ManagedChannel channel;
  private final RemoteMediaClient client;

  private ProxiedFleet(List<ServerProcess> replicas, NginxProxy proxy, ManagedChannel channel) {
    this.replicas = replicas;
    this.proxy = proxy;
    this.channel = channel;
    this.client = RemoteMediaClient.forChannel(channel);
  }

  /**
   * Starts {@code count} replicas and nginx in front of them, their files and logs in {@code dir}.
   * Skips the test where nginx is not installed ({@link NginxProxy#start}).
   */
  static ProxiedFleet start(Path dir, int count, DrainSettings drain) throws Exception {
    List<ServerProcess> replicas = ServerProcess.startFleet(dir, count, drain);
    NginxProxy proxy = null;
    try {
      proxy = NginxProxy.start(dir, replicas.stream().map(ServerProcess::address).toList());
    } finally {
      if (proxy == null) { // not started, or skipped: the replicas go too
        for (ServerProcess replica : replicas) {
          replica.close();
        }
      }
    }
    ManagedChannel channel = NettyChannelBuilder.forTarget(proxy.address()).usePlaintext()
        .disableRetry().maxInboundMessageSize(RemoteMediaClient.DEFAULT_MAX_INBOUND_MESSAGE_BYTES)
        .build();
    return new ProxiedFleet(List.copyOf(replicas), proxy, channel);
  }

  List<ServerProcess> replicas() {
    return replicas;
  }

  NginxProxy proxy() {
    return proxy;
  }

  /** A client of the proxy. */
  RemoteMediaClient client() {
    return client;
  }

  /** Closes the client, stops nginx and kills the replicas still running. */
  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    proxy.close();
    for (ServerProcess replica : replicas) {
      replica.close();
    }
  }
}
