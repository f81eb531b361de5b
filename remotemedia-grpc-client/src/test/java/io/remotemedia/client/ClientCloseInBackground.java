package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client from inside one of its calls: the close waits for the calls in flight, so it
 * runs on a thread of its own, and the caller goes on once the client's channel is shut down.
 */
final class ClientCloseInBackground {
  private ClientCloseInBackground() {}

  /** Starts {@code client}'s close on another thread and waits until its channel is shut down. */
  static void start(RemoteMediaClient client) {
    new Thread(client::close, "test-client-close").start();
    ManagedChannel channel = (ManagedChannel) client.channel();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!channel.isShutdown() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(channel.isShutdown()).as("the client's channel shut down within 10 s").isTrue();
  }
}
