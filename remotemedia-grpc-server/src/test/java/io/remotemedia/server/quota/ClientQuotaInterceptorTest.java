package io.remotemedia.server.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteMediaQuotaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.Await;
import io.remotemedia.server.ForwardingPipelineRunner;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.logging.ClientNameLookup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The quota interceptor on the real Netty server: a call's place among its client's calls or
 * streams is given back on every way a call ends, and a refusal carries the quota's detail.
 */
class ClientQuotaInterceptorTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}}]}
      """);
  private static final AudioFormat MONO_8K = AudioFormat.f32(8000, 1);

  private final HeldRunner runner = new HeldRunner();
  private ClientQuotas quotas;
  private RemoteMediaServer server;
  private RemoteMediaClient client;

  @AfterEach
  void stop() {
    runner.release.countDown();
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void unaryCall_succeeded_givesItsPlaceBack() throws Exception {
    start(new QuotaLimits(1, 0, 0), RemoteMediaClient.DEFAULT_DEADLINE);

    client.execute(request(80));
    awaitNothingInProgress();

    assertThat(client.execute(request(80)).audio("gain").frameCount()).isEqualTo(80);
  }

  @Test
  void unaryCall_failed_givesItsPlaceBack() throws Exception {
    start(new QuotaLimits(1, 0, 0), RemoteMediaClient.DEFAULT_DEADLINE);
    runner.fail = true;

    assertThatThrownBy(() -> client.execute(request(80)))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.NODE_EXECUTION));
    awaitNothingInProgress();
  }

  @Test
  void unaryCall_pastConcurrentCalls_isRefusedWithTheQuotaWhileTheOtherRuns() throws Exception {
    start(new QuotaLimits(1, 0, 0), RemoteMediaClient.DEFAULT_DEADLINE);
    client.serverInfo(); // the SDK's version negotiation, out of the way
    runner.hold();
    CompletableFuture<ExecutionResult> first = client.executeAsync(request(80));
    assertThat(runner.entered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> client.execute(request(80)))
        .isInstanceOfSatisfying(RemoteMediaQuotaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
          assertThat(e.quota()).isEqualTo("concurrent_calls");
          assertThat(e.quotaLimit()).isEqualTo(1);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(250));
          assertThat(e.getMessage()).contains("client \"anonymous\" may have 1 unary calls");
        });
    runner.release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).audio("gain").frameCount()).isEqualTo(80);
    awaitNothingInProgress();
  }

  @Test
  void unaryCall_cancelledByTheClient_givesItsPlaceBack() throws Exception {
    start(new QuotaLimits(1, 0, 0), RemoteMediaClient.DEFAULT_DEADLINE);
    client.serverInfo();
    runner.hold();
    CompletableFuture<ExecutionResult> call = client.executeAsync(request(80));
    assertThat(runner.entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(state().callsInProgress()).isEqualTo(1);

    call.cancel(true);

    awaitNothingInProgress();
  }

  @Test
  void unaryCall_pastItsDeadline_givesItsPlaceBack() throws Exception {
    // Not less: the deadline also covers serverInfo, this JVM's first connection, which took
    // 480 ms on a loaded machine.
    start(new QuotaLimits(1, 0, 0), Duration.ofSeconds(2));
    client.serverInfo();
    runner.hold();

    assertThatThrownBy(() -> client.execute(request(80)))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));

    awaitNothingInProgress();
  }

  @Test
  void stream_endedNormally_givesItsPlaceBack() throws Exception {
    start(new QuotaLimits(0, 1, 0), RemoteMediaClient.DEFAULT_DEADLINE);
    try (PipelineStream stream = client.openStream(OpenStreamRequest.of(GAIN, MONO_8K))) {
      stream.push(0, silence(80));
      stream.finish();
    }
    awaitNothingInProgress();

    try (PipelineStream again = client.openStream(OpenStreamRequest.of(GAIN, MONO_8K))) {
      assertThat(again.push(0, silence(80))).isNotNull();
      again.finish();
    }
  }

  @Test
  void stream_pastOpenStreams_isRefused_andCancellingTheOpenOneFreesItsPlace() throws Exception {
    start(new QuotaLimits(0, 1, 0), RemoteMediaClient.DEFAULT_DEADLINE);
    PipelineStream first = client.openStream(OpenStreamRequest.of(GAIN, MONO_8K));

    assertThatThrownBy(() -> client.openStream(OpenStreamRequest.of(GAIN, MONO_8K)))
        .isInstanceOfSatisfying(RemoteMediaQuotaException.class, e -> {
          assertThat(e.quota()).isEqualTo("open_streams");
          assertThat(e.quotaLimit()).isEqualTo(1);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
    assertThat(state().streamsOpen()).isEqualTo(1);

    first.cancel();

    awaitNothingInProgress();
    try (PipelineStream again = client.openStream(OpenStreamRequest.of(GAIN, MONO_8K))) {
      again.push(0, silence(80));
      again.finish();
    }
  }

  @Test
  void stream_pastItsAudioQuota_endsWithTheQuotaAndFreesItsSession() throws Exception {
    start(new QuotaLimits(0, 0, 1), RemoteMediaClient.DEFAULT_DEADLINE);
    PipelineStream stream = client.openStream(OpenStreamRequest.of(GAIN, MONO_8K));
    stream.push(0, silence(4000)); // 0.5 s of the minute's 1 s

    assertThatThrownBy(() -> stream.push(1, silence(6000))) // 0.75 s more: 1.25 s
        .isInstanceOfSatisfying(RemoteMediaQuotaException.class, e -> {
          assertThat(e.quota()).isEqualTo("audio_seconds_per_minute");
          assertThat(e.quotaLimit()).isEqualTo(1);
          assertThat(e.limit().orElseThrow().actualValue()).isEqualTo(2); // 1.25 s, rounded up
          // 0.25 s missing at 1 s per minute: 15 s.
          assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(14), Duration.ofSeconds(15));
        });
    stream.close();

    awaitNothingInProgress();
    Await.until("the session is gone", 10, () -> server.openStreamCount() == 0);
  }

  @Test
  void unaryCall_pastItsAudioQuota_isRefusedBeforeItRuns() throws Exception {
    start(new QuotaLimits(0, 0, 1), RemoteMediaClient.DEFAULT_DEADLINE);
    client.execute(request(6000)); // 0.75 s
    int ranBefore = runner.executions.get();

    assertThatThrownBy(() -> client.execute(request(4000))) // 0.5 s more
        .isInstanceOfSatisfying(RemoteMediaQuotaException.class, e -> {
          assertThat(e.quota()).isEqualTo("audio_seconds_per_minute");
          assertThat(e.retryAfter()).isPositive();
        });

    assertThat(runner.executions.get()).isEqualTo(ranBefore);
    awaitNothingInProgress();
    client.execute(request(800)); // 0.1 s still fits
  }

  private void start(QuotaLimits limits, Duration deadline) throws Exception {
    quotas = ClientQuotas.create(new QuotaPolicy(limits, Map.of()));
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()),
        Observability.defaults().withQuotas(quotas));
    server.start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(deadline).build();
  }

  private ClientQuotaState state() {
    return quotas.forClient(ClientNameLookup.ANONYMOUS);
  }

  private void awaitNothingInProgress() throws Exception {
    Await.until("every call and stream gave its place back", 10,
        () -> state().callsInProgress() == 0 && state().streamsOpen() == 0);
  }

  private static ExecutionRequest request(int frames) {
    return ExecutionRequest.of(GAIN, "gain", silence(frames));
  }

  private static AudioBuffer silence(int frames) {
    return AudioBuffer.of(MONO_8K, new float[frames]);
  }

  /** Runs pipelines, or holds them until released, or fails them, as a test says. */
  private static final class HeldRunner extends ForwardingPipelineRunner {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holding;
    volatile boolean fail;
    final AtomicInteger executions = new AtomicInteger();

    HeldRunner() {
      super(LocalPipelineRunner.create());
    }

    void hold() {
      holding = true;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
      executions.incrementAndGet();
      entered.countDown();
      if (fail) {
        throw PipelineException.builder(ErrorKind.NODE_EXECUTION, "the test fails it")
            .nodeId("gain").build();
      }
      if (holding) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw PipelineException.of(ErrorKind.CANCELLED, "interrupted");
        }
      }
      return super.execute(request);
    }
  }
}
