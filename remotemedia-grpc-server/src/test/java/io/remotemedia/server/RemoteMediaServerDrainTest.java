package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.internal.netty.ConnectionSettings;
import io.remotemedia.server.internal.netty.NettyTransport;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drain that ServerMain runs on SIGTERM, under load: client threads loop on real
 * ExecutePipeline calls (2 s of stereo audio through a Gain chain) while the server drains.
 * The server runs on ServerMain's transport ({@link NettyTransport}): its lingering close is
 * what lets a client read the last 768 KB responses of a connection the drain closes.
 */
class RemoteMediaServerDrainTest {
  private static final int CLIENT_THREADS = 6;
  private static final PipelineManifest GAIN_CHAIN = new ManifestParser().parse("""
      {"version": "v1", "metadata": {"name": "chain"},
       "nodes": [{"id": "a", "node_type": "Gain", "params": {"gain_db": 1}},
                 {"id": "b", "node_type": "Gain", "params": {"gain_db": -1}},
                 {"id": "c", "node_type": "Gain", "params": {"gain_db": 2}},
                 {"id": "d", "node_type": "Gain", "params": {"gain_db": -2}}],
       "connections": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"},
                       {"from": "c", "to": "d"}]}
      """);

  private final GatedRunner runner = new GatedRunner(LocalPipelineRunner.create());
  private NettyTransport transport;
  private RemoteMediaServer server;
  private RemoteMediaClient client;
  private ManagedChannel healthChannel;

  @BeforeEach
  void start() throws Exception {
    ServerSettings defaults = ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples());
    transport = NettyTransport.create(ConnectionSettings.defaults());
    server = new RemoteMediaServer(
        transport.serverBuilder(new InetSocketAddress("127.0.0.1", 0)), runner, defaults);
    server.start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(30)).build();
    healthChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    runner.release.countDown();
    client.close();
    healthChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
    transport.close();
  }

  @Test
  void drain_underLoad_finishesEveryAcceptedCallAndRefusesLaterOnesWithUnavailable()
      throws Exception {
    AudioBuffer twoSeconds = AudioBuffer.of(AudioFormat.f32(48000, 2), new float[2 * 96000]);
    AtomicInteger ok = new AtomicInteger();
    Queue<Status.Code> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENT_THREADS; i++) {
      // Each thread calls until its first failure, which must be a refusal.
      Thread thread = new Thread(() -> {
        while (true) {
          try {
            client.execute(ExecutionRequest.of(GAIN_CHAIN, "a", twoSeconds));
            ok.incrementAndGet();
          } catch (RemoteMediaException e) {
            failures.add(e.code());
            return;
          }
        }
      }, "drain-test-client-" + i);
      thread.start();
      clients.add(thread);
    }
    // Hold the calls in the pipeline until the server has stopped accepting, so that the
    // drain certainly starts with calls running on both workers and calls queued.
    assertThat(runner.startedTwo.await(30, TimeUnit.SECONDS)).as("two calls running").isTrue();
    AtomicInteger inFlightAtRefusal = new AtomicInteger(-1);
    server.addDrainListener(() -> {
      inFlightAtRefusal.set(runner.started.get() - runner.finished.get());
      runner.release.countDown();
    });

    // Connected before the drain: NOT_SERVING must be seen within the pre-stop delay, after
    // which the server refuses new calls, health checks included.
    awaitHealth(ServingStatus.SERVING);
    Thread drain = new Thread(() -> server.drain(
        new DrainSettings(Duration.ofSeconds(1), Duration.ofSeconds(30))), "drain");
    drain.start();
    awaitHealth(ServingStatus.NOT_SERVING); // during pre-stop
    drain.join(TimeUnit.SECONDS.toMillis(60));
    for (Thread thread : clients) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(drain.isAlive()).as("drain finished").isFalse();
    assertThat(inFlightAtRefusal.get()).as("calls in flight when refusing began")
        .isGreaterThanOrEqualTo(2);
    assertThat(failures).as("every thread ended on a refusal").hasSize(CLIENT_THREADS)
        .containsOnly(Status.Code.UNAVAILABLE);
    assertThat(runner.finished.get()).as("every call the server ran finished")
        .isEqualTo(runner.started.get());
    assertThat(ok.get()).as("every call the server ran was answered OK")
        .isEqualTo(runner.finished.get());
  }

  private void awaitHealth(ServingStatus wanted) throws Exception {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(healthChannel);
    Await.until("health reports " + wanted, 10, () -> health
        .withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
        .getStatus() == wanted);
  }

  /** Runs real pipelines, but only once released; counts what it started and finished. */
  private static final class GatedRunner extends ForwardingPipelineRunner {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch startedTwo = new CountDownLatch(2);
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    GatedRunner(PipelineRunner delegate) {
      super(delegate);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
      started.incrementAndGet();
      startedTwo.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the gate");
        }
        return super.execute(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted at the gate", e);
      } finally {
        finished.incrementAndGet();
      }
    }
  }
}
