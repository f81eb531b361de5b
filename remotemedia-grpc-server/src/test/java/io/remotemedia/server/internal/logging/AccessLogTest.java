package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.server.Await;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.server.ForwardingPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access log of the real server, captured through the JSON layout the shipped log4j2.xml
 * configures: one line per call with its fields as keys, and no credentials or audio.
 */
class AccessLogTest {
  private static final String TOKEN = "rm-secret-token-5f2c9a";
  private static final float MARKER_SAMPLE = 0.7312345f;
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private CapturedLog captured;
  private RemoteMediaServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    captured = CapturedLog.start("capture");

    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        new LoggingRunner(LocalPipelineRunner.create()),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()),
        Observability.defaults().withClientNames(() -> "studio-a"));
    server.start();
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + TOKEN);
    headers.put(RequestId.HEADER, "req-42");
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
        .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
    captured.close();
  }

  @Test
  void execute_withTokenAndAudio_logsOneAccessLineWithFieldsAndNoSecrets() {
    float[] samples = new float[4800];
    java.util.Arrays.fill(samples, MARKER_SAMPLE);
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    client.execute(ExecutionRequest.of(new ManifestParser().parse("""
            {"version": "v1", "metadata": {"name": "halve"},
             "nodes": [{"id": "g", "node_type": "Gain", "params": {"gain_db": -6}}]}
            """), "g", AudioBuffer.of(AudioFormat.f32(48000, 1), samples)));

    String log = captured.text();
    // The client's one-time version negotiation (GetVersion) has its own line.
    List<String> access = log.lines().filter(line -> line.contains("\"rpc.access\"")
        && !line.contains("\"method\":\"GetVersion\"")).toList();
    assertThat(access).singleElement().satisfies(line -> assertThat(line)
        .startsWith("{\"@timestamp\"")
        .contains("\"request_id\":\"req-42\"")
        .contains("\"client\":\"studio-a\"")
        .contains("\"method\":\"ExecutePipeline\"")
        .contains("\"pipeline\":\"halve\"")
        .contains("\"node_count\":1")
        .contains("\"audio_seconds\":0.1")
        .contains("\"status\":\"OK\"")
        .contains("\"duration_ms\":")
        .contains("\"nodes\":[{\"id\":\"g\",\"type\":\"Gain\",\"wall_ms\":"));
    assertThat(log.lines().filter(line -> line.contains("inside the pipeline run")))
        .as("a line logged while the pipeline runs carries the request id")
        .singleElement().satisfies(line -> assertThat(line).contains("\"request_id\":\"req-42\""));
    assertThat(log).doesNotContain(TOKEN).doesNotContain("Bearer")
        .doesNotContain(String.valueOf(MARKER_SAMPLE))
        .doesNotContain(base64Of(samples).substring(0, 24));
  }

  @Test
  void serverInfo_inAGermanDefaultLocale_messageHasTheDurationWithADecimalPoint()
      throws Exception {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      RemoteMediaClient.forChannel(channel).serverInfo();
      // The server writes the line as the call closes, which may be after the client returns.
      Await.until("the access line", 20, () -> captured.text().contains("\"rpc.access\""));
    } finally {
      Locale.setDefault(before);
    }

    assertThat(captured.text().lines().filter(line -> line.contains("\"rpc.access\"")))
        .singleElement().satisfies(line -> {
          Matcher message = Pattern.compile(
              "\"message\":\"GetVersion OK in (\\d+\\.\\d{3}) ms\"").matcher(line);
          Matcher field = Pattern.compile("\"duration_ms\":([0-9.Ee-]+)").matcher(line);
          assertThat(message.find()).as("message in %s", line).isTrue();
          assertThat(field.find()).as("duration_ms in %s", line).isTrue();
          assertThat(new BigDecimal(message.group(1))).isEqualByComparingTo(
              new BigDecimal(field.group(1)).setScale(3, RoundingMode.HALF_UP));
        });
  }

  @Test
  void millisText_nanosOnEitherSideOfHalfwayAndCarries_roundsHalfUpToThreeDecimals() {
    assertThat(AccessLine.millisText(7_123_400)).isEqualTo("7.123");
    assertThat(AccessLine.millisText(7_123_600)).isEqualTo("7.124");
    assertThat(AccessLine.millisText(500_500)).isEqualTo("0.501");
    assertThat(AccessLine.millisText(500_499)).isEqualTo("0.500");
    assertThat(AccessLine.millisText(50_000)).isEqualTo("0.050");
    assertThat(AccessLine.millisText(4_200)).isEqualTo("0.004");
    assertThat(AccessLine.millisText(0)).isEqualTo("0.000");
    assertThat(AccessLine.millisText(12_000_000)).isEqualTo("12.000");
    assertThat(AccessLine.millisText(1_234_567_800)).isEqualTo("1234.568");
    assertThat(AccessLine.millisText(999_600)).isEqualTo("1.000");
  }

  @Test
  void execute_withoutRequestIdHeader_getsAGeneratedIdInTheLine() {
    ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    try {
      RemoteMediaClient.forChannel(plain).serverInfo();
    } finally {
      plain.shutdownNow();
    }

    assertThat(captured.text().lines().filter(line -> line.contains("\"rpc.access\"")))
        .singleElement().satisfies(line -> assertThat(line)
            .containsPattern("\"request_id\":\"[0-9a-f]{8}-[0-9a-f]{4}-")
            .contains("\"method\":\"GetVersion\""));
  }

  @Test
  void execute_answerResetBeforeItWasSent_logsTheCallUndelivered() throws Exception {
    // 8 MB of answer to a client that reads nothing: the status waits behind the data, and the
    // client cancels.
    ExecuteRequest request = ExecutionWire.toProto(ExecutionRequest.of(new ManifestParser()
            .parse("""
                {"version": "v1", "nodes": [{"id": "g", "node_type": "Gain",
                                             "params": {"gain_db": -6}}]}
                """), "g", AudioBuffer.of(AudioFormat.f32(48000, 2), new float[2_000_000])),
        ProtocolVersions.CURRENT);
    ClientCall<ExecuteRequest, ExecuteResponse> call = channel.newCall(
        PipelineServiceGrpc.getExecutePipelineMethod(), CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {}, new Metadata());
    call.sendMessage(request);
    call.halfClose();
    Await.until("the server answered", 20, () -> captured.text().lines().anyMatch(line ->
        line.contains("\"rpc.access\"") && line.contains("\"method\":\"ExecutePipeline\"")
            && line.contains("\"status\":\"OK\"")));

    call.cancel("the client gives up", null);

    Await.until("the undelivered answer is logged", 20, () -> captured.text()
        .contains("\"event\":\"rpc.undelivered\""));
    assertThat(captured.text().lines()
        .filter(line -> line.contains("\"rpc.undelivered\"")))
        .singleElement().satisfies(line -> assertThat(line)
            .contains("\"log.level\":\"WARN\"")
            .contains("\"request_id\":\"req-42\"")
            .contains("\"method\":\"ExecutePipeline\""));
  }

  /** Logs one line from inside each execution, on the worker thread, then runs it. */
  private static final class LoggingRunner extends ForwardingPipelineRunner {
    LoggingRunner(PipelineRunner delegate) {
      super(delegate);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
      LogManager.getLogger(AccessLogTest.class).info("inside the pipeline run");
      return super.execute(request);
    }
  }

  private static String base64Of(float[] samples) {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float sample : samples) {
      bytes.putFloat(sample);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
