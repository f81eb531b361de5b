package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's scale-out and failure handling against real Netty servers on loopback: replicas,
 * a replica killed under load, deadlines and cancellation. (A slow consumer with bounded memory
 * is StreamPipelineEndToEndTest#slowSubscriber_serverQueuesAtMostOneResultAndStopsReading.)
 */
class ClientResilienceEndToEndTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}]}
      """);
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(GAIN, "gain",
      AudioBuffer.of(MONO_16K, new float[160]));

  private final List<RemoteMediaServer> servers = new ArrayList<>();
  private final List<RemoteMediaClient> clients = new ArrayList<>();
  private ExecutorService load;

  @AfterEach
  void stop() throws InterruptedException {
    if (load != null) {
      load.shutdownNow();
      load.awaitTermination(5, TimeUnit.SECONDS);
    }
    clients.forEach(RemoteMediaClient::close);
    for (RemoteMediaServer server : servers) {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void threeReplicas_oneKilledMidLoad_unaryCallsKeepSucceedingAndStreamsGoToLiveOnes()
      throws Exception {
    List<CountingRunner> runners = List.of(counting(false), counting(false), counting(false));
    List<String> addresses = new ArrayList<>();
    for (CountingRunner runner : runners) {
      addresses.add("127.0.0.1:" + start(runner, 64 << 20).port());
    }
    RemoteMediaClient client = client(RemoteMediaClient.builder().addresses(addresses));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger succeeded = new AtomicInteger();
    ConcurrentLinkedQueue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
    load = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(load.submit(() -> {
        while (running.get()) {
          try {
            client.execute(REQUEST);
            succeeded.incrementAndGet();
          } catch (RemoteMediaException e) {
            failures.add(e);
          }
        }
      }));
    }

    awaitAtLeast(succeeded, 50);
    Await.until("round-robin has reached the replica to kill", 30,
        () -> runners.get(1).executions.get() > 0);
    servers.get(1).shutdown(Duration.ZERO); // Killed: in-flight calls are cancelled.
    int executedByTheDead = runners.get(1).executions.get();
    int atKill = succeeded.get();
    awaitAtLeast(succeeded, atKill + 100);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(10, TimeUnit.SECONDS);
    }

    assertThat(failures).as("failures after retries").isEmpty();
    assertThat(executedByTheDead).as("the killed replica served before").isPositive();
    assertThat(runners.get(0).executions.get() + runners.get(2).executions.get())
        .isGreaterThanOrEqualTo(succeeded.get() - executedByTheDead);
    assertThat(runners.get(1).executions.get()).isEqualTo(executedByTheDead);

    for (int i = 0; i < 6; i++) {
      try (PipelineStream stream = client.openStream(OpenStreamRequest.of(GAIN, MONO_16K))) {
        stream.push(0, AudioBuffer.of(MONO_16K, new float[160]));
        stream.finish();
      }
    }
    assertThat(runners.get(1).streams).hasValue(0);
    assertThat(runners.get(0).streams.get()).as("round-robin over the live two").isPositive();
    assertThat(runners.get(2).streams.get()).as("round-robin over the live two").isPositive();
  }

  @Test
  void replicaTurningNotServing_getsNoNewCallsWhileItStillServes() throws Exception {
    CountingRunner staying = counting(false);
    CountingRunner draining = counting(false);
    RemoteMediaServer stayingServer = start(staying, 64 << 20);
    RemoteMediaServer drainingServer = start(draining, 64 << 20);
    RemoteMediaClient client = client(RemoteMediaClient.builder().addresses(
        "127.0.0.1:" + stayingServer.port(), "127.0.0.1:" + drainingServer.port()));
    // round_robin spreads only over READY replicas, so call until it has reached both.
    int warmUpCalls = 0;
    while (staying.executions.get() == 0 || draining.executions.get() == 0) {
      assertThat(warmUpCalls++).as("calls before round-robin reached both").isLessThan(500);
      client.execute(REQUEST);
    }

    // Health turns NOT_SERVING at once; the server keeps serving through the pre-stop delay.
    Thread drain = new Thread(() -> drainingServer.drain(
        new DrainSettings(Duration.ofSeconds(30), Duration.ZERO)));
    drain.start();
    try {
      int quietCalls = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (quietCalls < 20 && System.nanoTime() < deadline) {
        int before = draining.executions.get();
        client.execute(REQUEST);
        quietCalls = draining.executions.get() == before ? quietCalls + 1 : 0;
      }

      assertThat(quietCalls).as("consecutive calls that avoided the NOT_SERVING replica")
          .isEqualTo(20);
    } finally {
      drain.interrupt(); // Cuts the pre-stop delay short.
      drain.join(10_000);
    }
  }

  @Test
  void execute_pastTheDeadline_isDeadlineExceededAndTheServerStopsTheWork() throws Exception {
    CountingRunner held = counting(true);
    RemoteMediaServer server = start(held, 64 << 20);
    RemoteMediaClient client = client(RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(3)));
    // Connected first, so that a slow connection on a loaded machine does not spend the
    // deadline before the call reaches the server.
    client.serverInfo();

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        });
    assertThat(held.interrupted.await(10, TimeUnit.SECONDS))
        .as("the server interrupted the held worker").isTrue();
  }

  @Test
  void executeAsync_cancelled_cancelsTheServersWork() throws Exception {
    CountingRunner held = counting(true);
    RemoteMediaServer server = start(held, 64 << 20);
    RemoteMediaClient client = client(RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port()));

    CompletableFuture<ExecutionResult> future = client.executeAsync(REQUEST);
    assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);

    assertThat(held.interrupted.await(10, TimeUnit.SECONDS))
        .as("the server interrupted the held worker").isTrue();
    assertThat(future).isCancelled();
  }

  @Test
  void execute_cutWhenItsOnlyServerStops_saysTheCallWasInProgressTheAttemptsAndTheTarget()
      throws Exception {
    assertServerGoneFailure(1,
        client -> CompletableFuture.supplyAsync(() -> client.execute(REQUEST)));
  }

  @Test
  void executeAsync_cutWhenItsOnlyServerStops_saysTheCallWasInProgressTheAttemptsAndTheTarget()
      throws Exception {
    assertServerGoneFailure(1, client -> client.executeAsync(REQUEST));
  }

  @Test
  void execute_cutWhenBothOfItsAddressesStop_namesBothAddresses() throws Exception {
    // The channel's authority is the first address alone; the call may have run on either.
    assertServerGoneFailure(2,
        client -> CompletableFuture.supplyAsync(() -> client.execute(REQUEST)));
  }

  /**
   * Makes {@code call} on {@code replicas} servers that hold it (a client built with {@code
   * target} for one, {@code addresses} for more), stops them, and checks the call's failure:
   * the server at its target went away mid-call, and the attempts made again then found no
   * server; grpc-java's failure of the last attempt is the cause.
   */
  private void assertServerGoneFailure(int replicas,
      Function<RemoteMediaClient, CompletableFuture<ExecutionResult>> makeCall) throws Exception {
    CountingRunner held = counting(true);
    List<RemoteMediaServer> stopping = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      stopping.add(start(held, 64 << 20));
      addresses.add("127.0.0.1:" + stopping.get(i).port());
    }
    String target = String.join(" or ", addresses);
    CompletableFuture<ExecutionResult> call = makeCall.apply(client(replicas == 1
        ? RemoteMediaClient.builder().target(addresses.get(0))
        : RemoteMediaClient.builder().addresses(addresses)));
    assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
    // After the grace period, the held call is cancelled and the port closed.
    stopping.parallelStream().forEach(server -> server.shutdown(Duration.ofMillis(100)));

    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          assertThat(e.getMessage())
              .startsWith("the server at " + target + " went away while the call was in"
                  + " progress: the call was cut after its request was sent (")
              // The cut attempt, then the channel's retries (up to 5 attempts in all).
              .containsPattern("and made again, [2-5] attempts in all, until no server"
                  + " answered at " + Pattern.quote(target) + " \\(UNAVAILABLE: ")
              .hasSizeLessThan(1_000);
          assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class)
              .hasRootCauseInstanceOf(ConnectException.class);
        });
  }

  private CountingRunner counting(boolean hold) {
    return new CountingRunner(LocalPipelineRunner.create(), hold);
  }

  private RemoteMediaServer start(CountingRunner runner, int maxInboundMessageBytes)
      throws Exception {
    RemoteMediaServer server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
        new ServerSettings(maxInboundMessageBytes));
    server.start();
    servers.add(server);
    return server;
  }

  private RemoteMediaClient client(RemoteMediaClient.Builder builder) {
    RemoteMediaClient client = builder.build();
    clients.add(client);
    return client;
  }

  private static void awaitAtLeast(AtomicInteger counter, int target) throws Exception {
    Await.until(target + " calls have succeeded", 30, () -> counter.get() >= target);
  }
}
