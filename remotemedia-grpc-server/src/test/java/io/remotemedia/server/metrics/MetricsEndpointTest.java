package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RawStreamCall;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real server and the real /metrics endpoint, scraped over HTTP after real calls. */
class MetricsEndpointTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "metadata": {"name": "louder"},
       "nodes": [{"id": "g1", "node_type": "Gain", "params": {"gain_db": 3}},
                 {"id": "g2", "node_type": "Gain", "params": {"gain_db": -3}}],
       "connections": [{"from": "g1", "to": "g2"}]}
      """);
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final PipelineManifest MISSPELT = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "g", "node_type": "Gian", "params": {}}]}
      """);

  private RemoteMediaServer server;
  private MetricsHttpServer http;
  private RemoteMediaClient client;

  @BeforeEach
  void start() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxConcurrent(3).maxQueued(5)
        .build();
    ServerMetrics metrics = ServerMetrics.register(registry);
    // As docs/metrics.md tells an application that embeds the server.
    metrics.bindAdmission(runner.admission());
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()),
        Observability.defaults().withMetrics(metrics));
    server.start();
    http = MetricsHttpServer.start("127.0.0.1", 0, registry);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(20)).build();
  }

  @Test
  void executeEncoded_lostOpusPackets_areCountedAsConcealed() throws Exception {
    float[] tone = new float[16000];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 300 * i / 16000.0));
    }
    EncodedAudio packets = EncodedAudioCodec.encode(
        io.remotemedia.audio.AudioBuffer.of(io.remotemedia.audio.AudioFormat.f32(16000, 1),
            tone), OutputEncoding.of(AudioEncoding.OPUS_PACKETS), "tone");
    int[] lengths = packets.packetLengths().clone();
    // Lose packets 10 and 11: send their bytes' neighbours only.
    int from = java.util.Arrays.stream(lengths, 0, 10).sum();
    int cut = lengths[10] + lengths[11];
    byte[] bytes = new byte[packets.bytes().length - cut];
    System.arraycopy(packets.bytes(), 0, bytes, 0, from);
    System.arraycopy(packets.bytes(), from + cut, bytes, from, bytes.length - from);
    lengths[10] = 0;
    lengths[11] = 0;

    client.executeEncoded(new ExecutionRequest(GAIN, java.util.Map.of(), ExecutionLimits.UNSET),
        java.util.Map.of("g1", EncodedAudio.opusPackets(bytes, lengths, 20_000, 16000, 1)),
        java.util.Map.of());

    assertThat(Exposition.scrape(http.port()).value("opus_packets_concealed_total"))
        .isEqualTo(2);
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown(Duration.ofSeconds(5));
    http.close();
  }

  @Test
  void execute_success_countsTheCallAudioPipelineAndNodes() throws Exception {
    Exposition before = Exposition.scrape(http.port());

    client.execute(ExecutionRequest.of(GAIN, "g1", oneSecondAt8kHz()));

    Exposition after = Exposition.scrape(http.port());
    Map<String, String> ok = Map.of("method", "ExecutePipeline", "code", "OK");
    assertThat(after.value("grpc_requests_total", ok) - before.value("grpc_requests_total", ok))
        .isEqualTo(1);
    assertThat(after.value("grpc_request_duration_seconds_count",
        Map.of("method", "ExecutePipeline"))).isEqualTo(1);
    assertThat(after.value("pipeline_duration_seconds_count")).isEqualTo(1);
    assertThat(after.value("node_execution_duration_seconds_count", Map.of("node_type", "Gain")))
        .isEqualTo(2);
    assertThat(after.value("audio_seconds_processed_total")).isEqualTo(1.0);
    assertThat(after.value("audio_bytes_processed_total")).isEqualTo(8000 * Float.BYTES);
    assertThat(after.value("client_audio_seconds_processed_total",
        Map.of("client", "anonymous"))).as("no authentication: every caller is anonymous")
        .isEqualTo(1.0);
    assertThat(after.value("active_connections")).isEqualTo(1);
    assertThat(after.value("worker_queue_capacity")).as("the runner's maxQueued").isEqualTo(5);
    assertThat(after.value("worker_queue_depth")).isZero();
    assertThat(after.value("worker_active_threads")).as("the call has finished").isZero();
    assertThat(after.has("jvm_memory_bytes_used")).as("JVM metrics").isTrue();
  }

  @Test
  void stream_countsItsChunksAndIsActiveOnlyWhileOpen() throws Exception {
    AudioFormat format = AudioFormat.f32(8000, 1);
    try (PipelineStream stream = client.openStream(OpenStreamRequest.of(GAIN, format))) {
      for (long sequence = 0; sequence < 5; sequence++) {
        stream.push(sequence, AudioBuffer.of(format, new float[160]));
      }
      assertThat(Exposition.scrape(http.port()).value("active_streams")).isEqualTo(1);
      stream.finish();
    }

    Exposition after = Exposition.scrape(http.port());
    assertThat(after.value("stream_chunks_total")).isEqualTo(5);
    assertThat(after.value("stream_dropped_chunks_total")).isZero();
    // The session ends on the server once the finish has been answered.
    Await.until("active_streams is 0", 10,
        () -> Exposition.scrape(http.port()).value("active_streams") == 0);
    assertThat(Exposition.scrape(http.port()).value("active_streams")).isZero();
  }

  @Test
  void execute_oversizeMessage_isResourceExhaustedNamingLimitAndSize() {
    RemoteMediaServer small = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        new ServerSettings(64 * 1024));
    try (RemoteMediaClient toSmall = RemoteMediaClient.builder()
        .target("127.0.0.1:" + startOrFail(small)).build()) {
      AudioBuffer tooBig = AudioBuffer.of(AudioFormat.f32(8000, 1), new float[32_000]);

      assertThatThrownBy(() -> toSmall.execute(ExecutionRequest.of(GAIN, "g1", tooBig)))
          .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            // 32,000 samples are 128,000 bytes, plus the manifest and framing.
            assertThat(e.getMessage()).containsPattern(
                "the request message is 12[89]\\d{3} bytes, over the server's limit of 65536");
            assertThat(e.limit()).hasValueSatisfying(limit -> {
              assertThat(limit.limit()).isEqualTo("max_inbound_message_bytes");
              assertThat(limit.limitValue()).isEqualTo(64 * 1024);
            });
          });
    } finally {
      small.shutdown(Duration.ofSeconds(5));
    }
  }

  private static int startOrFail(RemoteMediaServer server) {
    try {
      return server.start().port();
    } catch (IOException e) {
      throw new AssertionError("server did not start", e);
    }
  }

  @Test
  void execute_badManifest_countsValidationErrorAndInvalidArgument() throws Exception {
    Exposition before = Exposition.scrape(http.port());
    assertThat(before.value("errors_total", Map.of("type", "validation"))).isZero();
    assertThat(before.has("errors_total")).as("error types are exported at 0").isTrue();

    assertThatThrownBy(() -> client.execute(ExecutionRequest.of(MISSPELT, "g",
        oneSecondAt8kHz())))
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));

    Exposition after = Exposition.scrape(http.port());
    assertThat(after.value("errors_total", Map.of("type", "validation"))).isEqualTo(1);
    assertThat(after.value("grpc_requests_total",
        Map.of("method", "ExecutePipeline", "code", "INVALID_ARGUMENT"))).isEqualTo(1);
    assertThat(after.value("pipeline_duration_seconds_count")).isZero();
    assertThat(after.value("audio_bytes_processed_total")).isZero();
  }

  /**
   * grpc-js cancels a call by half-closing it and resetting it at once (Node's
   * Http2Stream.close); so does this client. The reset, not the half-close, says what the
   * client did: the stream is counted cancelled, not as a protocol error.
   */
  @Test
  void stream_halfClosedAndResetAtOnce_isCountedCancelled() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    try {
      for (int i = 0; i < 5; i++) {
        RawStreamCall stream = RawStreamCall.start(channel);
        stream.requests.onNext(StreamWire.open(OpenStreamRequest.of(GAIN, MONO_48K),
            ProtocolVersions.CURRENT, /* resumable= */ false));
        stream.chunk(0, new float[960], 0);
        stream.awaitResponses(2);

        stream.requests.onCompleted();
        stream.requests.cancel("cancelled as grpc-js does", null);
      }

      Await.until("the cancelled streams are counted", 10,
          () -> Exposition.scrape(http.port()).value("grpc_requests_total",
              Map.of("method", "StreamPipeline", "code", "CANCELLED")) == 5);
      Exposition after = Exposition.scrape(http.port());
      assertThat(after.value("grpc_requests_total",
          Map.of("method", "StreamPipeline", "code", "INVALID_ARGUMENT"))).isZero();
      assertThat(after.value("active_streams")).isZero();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void healthWatch_cancelledByItsClient_isARequestButNoError() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    try {
      CountDownLatch answered = new CountDownLatch(1);
      ClientCall<HealthCheckRequest, HealthCheckResponse> watch =
          channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
      watch.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(HealthCheckResponse message) {
          answered.countDown();
        }
      }, new Metadata());
      watch.request(1);
      watch.sendMessage(HealthCheckRequest.getDefaultInstance());
      watch.halfClose();
      assertThat(answered.await(10, TimeUnit.SECONDS)).as("the watch's first answer").isTrue();
      watch.cancel("the client is done watching", null);

      Await.until("the cancelled watch is counted", 10,
          () -> Exposition.scrape(http.port()).value("grpc_requests_total",
              Map.of("method", "Watch", "code", "CANCELLED")) == 1);
      Exposition after = Exposition.scrape(http.port());
      assertThat(after.value("errors_total", Map.of("type", "cancelled"))).isZero();
      assertThat(after.value("active_calls")).isZero();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void exposition_afterSuccessesAndFailures_passesPromtoolCheckMetrics() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    if (!Files.isExecutable(PROMTOOL)) {
      if (ci) {
        throw new AssertionError("promtool is missing: CI must run"
            + " `apt-get install -y prometheus`");
      }
      assumeTrue(false, "promtool not installed (apt-get install -y prometheus); skipping the"
          + " exposition lint");
    }
    client.execute(ExecutionRequest.of(GAIN, "g1", oneSecondAt8kHz()));
    client.serverInfo();
    assertThatThrownBy(() -> client.execute(ExecutionRequest.of(MISSPELT, "g",
        oneSecondAt8kHz()))).isInstanceOf(RemoteMediaException.class);

    String exposition = Exposition.scrape(http.port()).text();
    Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
        .redirectErrorStream(true).start();
    try (OutputStream in = promtool.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    promtool.getInputStream().transferTo(out);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();

    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).as("promtool lint problems").isEmpty();
    assertThat(promtool.exitValue()).as("promtool exit code; report:%n%s", report).isZero();
  }

  private static AudioBuffer oneSecondAt8kHz() {
    return AudioBuffer.of(AudioFormat.f32(8000, 1), new float[8000]);
  }
}
