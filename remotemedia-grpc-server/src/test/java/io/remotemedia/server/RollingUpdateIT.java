package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientInterceptors;
import io.grpc.Status;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling update on loopback, as Kubernetes runs one: three replicas (real processes) under
 * load from the Java SDK (round-robin over the three addresses), replaced one at a time:
 * SIGTERM, wait for the exit, start the new version on the same port, wait until it takes
 * calls. And {@code kill -9} of one replica, with the SDK's retries counted. The drain
 * settings are small here (pre-stop 0.5 s, grace 3 s) to keep the test short;
 * docs/deploy/rolling-update.sh runs the same with production-like settings.
 */
class RollingUpdateIT {
  private static final DrainSettings DRAIN =
      new DrainSettings(Duration.ofMillis(500), Duration.ofSeconds(3));
  private static final Map<String, String> EXECUTE_OK =
      Map.of("method", "ExecutePipeline", "code", "OK");
  /** Longest wait for a new replica to get calls: beyond every reconnect bound. */
  private static final Duration BACK_IN_ROTATION = Duration.ofSeconds(150);

  // Kept when a test fails: the replicas' and nginx's logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path temp;
  private final List<ServerProcess> replicas = new ArrayList<>();
  private final RetryCounter retries = new RetryCounter();
  private RemoteMediaClient sdk;
  private RemoteMediaClient client;

  @BeforeEach
  void startFleet() throws Exception {
    replicas.addAll(ServerProcess.startFleet(temp, 3, DRAIN));
    sdk = RemoteMediaClient.builder()
        .addresses(replicas.stream().map(ServerProcess::address).toList())
        .build();
    // The SDK's own channel (round-robin, health checks, retries), seen through a counter.
    client = RemoteMediaClient.forChannel(ClientInterceptors.intercept(sdk.channel(), retries));
    // Round-robin uses a replica once it is connected; until all three are, the first one
    // connected would take the whole burst of calls the load starts with, more than its
    // worker queue admits on a busy machine. Calls one at a time until each replica answered.
    for (ServerProcess replica : replicas) {
      awaitCalls(replica, () -> client.execute(UnaryCallLoad.request()));
    }
  }

  @AfterEach
  void stopFleet() throws Exception {
    if (sdk != null) {
      sdk.close();
    }
    for (ServerProcess replica : replicas) {
      replica.close();
    }
  }

  @Test
  void rollingUpdate_underSdkLoad_noUnaryCallFails_andNoStreamLosesOutput() throws Exception {
    List<PacedStreamLoad.Outcome> streams;
    List<String> timings = new ArrayList<>();
    try (UnaryCallLoad unary = UnaryCallLoad.start(client, 8);
        PacedStreamLoad streamLoad = PacedStreamLoad.start(client, 3, /* chunksPerStream= */ 200)) {
      unary.awaitSucceeded(50, Duration.ofSeconds(30));
      for (int i = 0; i < replicas.size(); i++) {
        ServerProcess old = replicas.get(i);
        // Streams land where round-robin puts them: wait until one is open on this replica, so
        // that its drain has a stream to tell (each lasts 4 s, the pre-stop is 0.5 s).
        Await.until("a stream open on " + old.address(), 30,
            () -> old.metric("active_streams") >= 1);
        old.terminate();
        assertThat(old.awaitExit(Duration.ofSeconds(15))).as("exit code of %s", old.address())
            .isZero();
        assertThat(old.output()).contains("\"event\":\"drain.done\"");
        ServerProcess replacement = ServerProcess.builder(temp, "replica-" + i + "-v2")
            .port(old.port()).drain(DRAIN).quickStart().start();
        replicas.set(i, replacement);
        timings.add(replacement.address() + " took calls "
            + awaitCalls(replacement).toMillis() + " ms after it listened");
      }
      unary.awaitSucceeded(unary.succeeded() + 50, Duration.ofSeconds(30));
      unary.close();
      streamLoad.close();
      System.out.printf("rolling update: %d unary calls OK, %d failed, longest %d ms; retries:"
              + " %d policy, %d transparent; %s%n", unary.succeeded(), unary.failures().size(),
          unary.longestCall().toMillis(), retries.policyRetries(), retries.transparentRetries(),
          timings);
      assertThat(unary.failures()).as("failed unary calls").isEmpty();
      streams = streamLoad.outcomes();
    }

    System.out.printf("rolling update: %d streams finished (%d of them cut short by draining),"
            + " %d failed: %s%n",
        streams.stream().filter(outcome -> outcome.failure() == null).count(),
        streams.stream().filter(PacedStreamLoad.Outcome::toldDraining).count(),
        streams.stream().filter(outcome -> outcome.failure() != null).count(),
        streams.stream().filter(outcome -> outcome.failure() != null).toList());
    assertThat(streams).as("streams that finished with less output than their input gives")
        .filteredOn(outcome -> outcome.failure() == null)
        .allSatisfy(outcome -> assertThat(outcome.complete()).as(outcome.toString()).isTrue());
    assertThat(streams).as("streams that failed, each with the documented retryable status")
        .filteredOn(outcome -> outcome.failure() != null)
        .allSatisfy(outcome -> assertThat(outcome.failure()).as(outcome.toString())
            .isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(streams).as("streams told to drain").anyMatch(PacedStreamLoad.Outcome::toldDraining);
    assertThat(streams).as("streams that finished").anyMatch(PacedStreamLoad.Outcome::complete);
  }

  @Test
  void killNine_underSdkLoad_unaryCallsAreRetried_andTheRestartedReplicaGetsCallsAgain()
      throws Exception {
    try (UnaryCallLoad unary = UnaryCallLoad.start(client, 8)) {
      unary.awaitSucceeded(100, Duration.ofSeconds(30));
      ServerProcess killed = replicas.get(0);
      long killedAt = System.nanoTime();
      killed.kill();
      killed.awaitExit(Duration.ofSeconds(10));
      int atKill = unary.succeeded();
      // Restarted at once, as the kubelet restarts a killed container: same address and port.
      ServerProcess restarted = ServerProcess.builder(temp, "replica-0-restarted")
          .port(killed.port()).drain(DRAIN).quickStart().start();
      replicas.set(0, restarted);
      Duration outage = Duration.ofNanos(System.nanoTime() - killedAt);
      Duration backInRotation = awaitCalls(restarted);
      unary.awaitSucceeded(atKill + 100, Duration.ofSeconds(60));
      unary.close();

      System.out.printf("kill -9: %d unary calls OK, %d failed, longest %d ms; retries: %d"
              + " policy, %d transparent; down for %d ms, then took calls %d ms after it"
              + " listened%n", unary.succeeded(), unary.failures().size(),
          unary.longestCall().toMillis(), retries.policyRetries(),
          retries.transparentRetries(), outage.toMillis(), backInRotation.toMillis());
      assertThat(unary.failures()).as("failed unary calls after the SDK's retries").isEmpty();
      assertThat(retries.policyRetries() + retries.transparentRetries())
          .as("calls the SDK retried after the kill").isPositive();
      assertThat(backInRotation).as("back in rotation after %s down", outage)
          .isLessThanOrEqualTo(reconnectBound(outage));
    }
  }

  /**
   * The longest a restarted replica at the same address waits for the SDK, by grpc-java's
   * reconnect backoff (1 s, then x1.6 per attempt, +-20% jitter, at most 120 s): the attempt
   * after an outage of T comes at most 0.9 T + 1.2 s after the replica is back. Plus 10 s for
   * the connection, the health check's first answer and the first call on a busy machine (a
   * new JVM beside three others and the load); a backoff bug is off by tens of seconds.
   * docs/deploy/rolling-update.md states this bound.
   */
  private static Duration reconnectBound(Duration outage) {
    return Duration.ofMillis(Math.min(outage.toMillis() * 9 / 10 + 1_200, 144_000) + 10_000);
  }

  /** Waits until {@code replica} has answered a unary call; returns how long that took. */
  private static Duration awaitCalls(ServerProcess replica) throws Exception {
    return awaitCalls(replica, () -> TimeUnit.MILLISECONDS.sleep(25));
  }

  /** As {@link #awaitCalls(ServerProcess)}, running {@code between} between two checks. */
  private static Duration awaitCalls(ServerProcess replica, Between between) throws Exception {
    long start = System.nanoTime();
    Await.until(replica.address() + " gets a call", BACK_IN_ROTATION, () -> {
      if (replica.scrape().value("grpc_requests_total", EXECUTE_OK) > 0) {
        return true;
      }
      between.run();
      return false;
    });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** What {@link #awaitCalls(ServerProcess, Between)} does between two scrapes. */
  private interface Between {
    void run() throws InterruptedException;
  }
}
