package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits for a channel to connect, however long that takes on a loaded machine (up to 30 s). */
final class ChannelReady {
  private ChannelReady() {}

  /** Asks {@code channel} to connect and waits until it is READY. */
  static void await(ManagedChannel channel) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(1);
    watchUntilReady(channel, ready);
    assertThat(ready.await(30, TimeUnit.SECONDS)).as("channel ready within 30 s").isTrue();
  }

  private static void watchUntilReady(ManagedChannel channel, CountDownLatch ready) {
    ConnectivityState state = channel.getState(/* requestConnection= */ true);
    if (state == ConnectivityState.READY) {
      ready.countDown();
    } else {
      channel.notifyWhenStateChanged(state, () -> watchUntilReady(channel, ready));
    }
  }
}
