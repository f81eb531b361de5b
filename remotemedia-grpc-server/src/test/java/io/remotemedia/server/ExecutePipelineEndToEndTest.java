package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.ServerInfo;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExplainPipelineRequest;
import io.remotemedia.proto.InputSpec;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import io.remotemedia.proto.internal.wire.AudioWire;
import io.remotemedia.proto.internal.wire.ExplainWire;
import io.remotemedia.proto.internal.wire.ManifestWire;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Netty server on a loopback port, driven through the client SDK users call it with. */
class ExecutePipelineEndToEndTest {
  private static final String GAIN_MANIFEST = """
      {"version": "v1",
       "metadata": {"name": "halve", "description": "-6.02 dB"},
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6.020599913279624}}],
       "connections": []}
      """;

  private RemoteMediaServer server;
  private RemoteMediaClient client;
  private ManagedChannel rawChannel;

  @BeforeEach
  void startServer() throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
    server.start();
    client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(20))
        .build();
    rawChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext()
        .build();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    client.close();
    rawChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void execute_gainPipeline_returnsHalvedSamples() {
    PipelineManifest manifest = new ManifestParser().parse(GAIN_MANIFEST);
    float[] samples = {0.5f, -0.5f, 1.0f, -1.0f, 0.25f, 0f};
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(48000, 2), samples);

    ExecutionResult result = client.execute(ExecutionRequest.of(manifest, "gain", input));

    AudioBuffer output = result.audio("gain");
    assertThat(output.format()).isEqualTo(AudioFormat.f32(48000, 2));
    assertThat(output.frameCount()).isEqualTo(3);
    for (int i = 0; i < samples.length; i++) {
      assertThat(output.samples()[i]).isCloseTo(samples[i] / 2, within(1e-6f));
    }
    assertThat(result.metrics().nodes()).singleElement().satisfies(node -> {
      assertThat(node.nodeId()).isEqualTo("gain");
      assertThat(node.framesIn()).isEqualTo(3);
      assertThat(node.framesOut()).isEqualTo(3);
    });
    assertThat(result.metrics().serializationMs()).isPositive();
  }

  @Test
  void execute_pcm16Input_comesBackAsPcm16OnTheSameGrid() {
    PipelineManifest manifest = new ManifestParser().parse(GAIN_MANIFEST);
    float[] samples = {16384 / 32768f, -8192 / 32768f, 2 / 32768f};
    AudioBuffer input = AudioBuffer.of(new AudioFormat(16000, 1, SampleFormat.I16), samples);

    AudioBuffer output = client.execute(ExecutionRequest.of(manifest, "gain", input))
        .audio("gain");

    assertThat(output.format().sampleFormat()).isEqualTo(SampleFormat.I16);
    // Halved and rounded to the nearest 16-bit step: 8192, -4096, 1.
    assertThat(output.samples()).containsExactly(8192 / 32768f, -4096 / 32768f, 1 / 32768f);
  }

  @Test
  void execute_pcm16Input_equalsALocalRunSampleForSample() {
    PipelineManifest manifest = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": 7}}]}
        """);
    // Every 16-bit value, so most land between grid steps after the gain, some past full scale.
    float[] samples = new float[65536];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (i - 32768) / 32768f;
    }
    ExecutionRequest request = ExecutionRequest.of(manifest, "gain",
        AudioBuffer.of(new AudioFormat(16000, 1, SampleFormat.I16), samples));

    AudioBuffer local = LocalPipelineRunner.create().execute(request).audio("gain");
    AudioBuffer remote = client.execute(request).audio("gain");

    assertThat(remote.format()).isEqualTo(local.format());
    assertThat(remote.samples()).containsExactly(local.samples());
  }

  @Test
  void execute_malformedManifest_isInvalidArgumentWithLocationAndKeepsServing() {
    PipelineManifest bad = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "gain", "node_type": "Gian", "params": {}}]}
        """);
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.1f});

    assertThatThrownBy(() -> client.execute(ExecutionRequest.of(bad, "gain", input)))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(e.getMessage()).contains("unknown node type \"Gian\"")
              .contains("did you mean \"Gain\"");
          assertThat(e.location()).hasValueSatisfying(location ->
              assertThat(location.path()).isEqualTo("nodes[0].node_type"));
        });

    PipelineManifest good = new ManifestParser().parse(GAIN_MANIFEST);
    assertThat(client.execute(ExecutionRequest.of(good, "gain", input)).audio("gain")
        .frameCount()).isEqualTo(1);
  }

  /** A manifest whose gain_db (line 3, column 35) is out of range. */
  private static final String LOUD_MANIFEST = """
      {"version": "v1",
       "nodes": [{"id": "g", "node_type": "Gain",
                  "params": {"gain_db": 100}}]}
      """;

  @Test
  void everyCall_manifestFromText_failsAtTheTextsLineAndColumnAsALocalRunDoes() {
    PipelineManifest loud = new ManifestParser().parse(LOUD_MANIFEST);
    AudioFormat format = AudioFormat.f32(8000, 1);
    AudioBuffer input = AudioBuffer.of(format, new float[] {0.1f});
    PipelineException local = catchThrowableOfType(PipelineException.class, () ->
        LocalPipelineRunner.create().execute(ExecutionRequest.of(loud, "g", input)));
    String expected = "nodes[0].params.gain_db (line 3, column 35): value 100 is out of range;"
        + " allowed: [-120, 60]";
    assertThat(local).hasMessage(expected);

    List<ThrowingCallable> calls = List.of(
        () -> client.execute(ExecutionRequest.of(loud, "g", input)),
        () -> client.executeAsync(ExecutionRequest.of(loud, "g", input)).join(),
        () -> client.explain(ExplainRequest.of(loud, "g", format, 1)),
        () -> client.openStream(OpenStreamRequest.of(loud, format)));
    for (ThrowingCallable call : calls) {
      Throwable thrown = catchThrowable(call);
      Throwable failure = thrown instanceof CompletionException ? thrown.getCause() : thrown;
      assertThat(failure).isInstanceOfSatisfying(RemoteMediaException.class, e -> {
        assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.location()).hasValue(new ManifestLocation("nodes[0].params.gain_db", 3, 35))
            .isEqualTo(local.location());
        assertThat(e.nodeId()).isEqualTo(local.nodeId());
      }).hasMessage(expected);
    }
  }

  @Test
  void execute_manifestBuiltInCode_failsWithThePathOnly() {
    PipelineManifest built = ManifestBuilder.named("loud").node(NodeSpecs.gain("g", 100)).build();
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.1f});

    assertThatThrownBy(() -> client.execute(ExecutionRequest.of(built, "g", input)))
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.location()).hasValue(ManifestLocation.ofPath("nodes[0].params.gain_db")))
        .hasMessage("nodes[0].params.gain_db: value 100 is out of range; allowed: [-120, 60]");
  }

  @Test
  void execute_byteLengthDisagreeingWithFormat_isInvalidArgumentNamingBoth() throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(ManifestWire.toProto(new ManifestParser().parse(GAIN_MANIFEST)))
        .putAudioInputs("gain", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSamples(ByteString.copyFrom(bytes))
            .setSampleRateHz(16000)
            .setChannels(2)
            .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I16)
            .setFrameCount(3)
            .build())
        .build();
    PipelineServiceGrpc.PipelineServiceBlockingStub stub =
        PipelineServiceGrpc.newBlockingStub(rawChannel).withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stub.executePipeline(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          ErrorDetail detail = detailOf(e);
          assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_INVALID_AUDIO);
          assertThat(detail.getMessage()).isEqualTo("audio_inputs[\"gain\"]: frame_count 3 x 2"
              + " channels x 2 bytes (I16) needs 12 bytes of samples, but 10 were sent");
        });

    assertThat(client.serverInfo().compatible()).isTrue();
  }

  @Test
  void execute_unspecifiedSampleFormat_isInvalidArgument() {
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(ManifestWire.toProto(new ManifestParser().parse(GAIN_MANIFEST)))
        .putAudioInputs("gain", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSampleRateHz(16000)
            .setChannels(1)
            .build())
        .build();

    assertThatThrownBy(() -> PipelineServiceGrpc.newBlockingStub(rawChannel)
            .withDeadlineAfter(10, TimeUnit.SECONDS).executePipeline(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(detailOf(e).getMessage()).contains("format must be SAMPLE_FORMAT_F32")
              .contains("was SAMPLE_FORMAT_UNSPECIFIED");
        });
  }

  @Test
  void execute_unknownProtocolVersion_isFailedPrecondition() {
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(ManifestWire.toProto(new ManifestParser().parse(GAIN_MANIFEST)))
        .setClientProtocolVersion("v9")
        .build();

    assertThatThrownBy(() -> PipelineServiceGrpc.newBlockingStub(rawChannel)
            .withDeadlineAfter(10, TimeUnit.SECONDS).executePipeline(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(detailOf(e).getType()).isEqualTo(ErrorType.ERROR_TYPE_PROTOCOL_MISMATCH);
          assertThat(detailOf(e).getMessage()).contains("\"v9\"");
        });
  }

  @Test
  void getVersion_aHugeUnknownVersion_isQuotedShortInTheReason() {
    // A 1 MB version came back whole in compatibility_reason (found by an attack, 2026-12-07).
    VersionResponse response = PipelineServiceGrpc.newBlockingStub(rawChannel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getVersion(VersionRequest.newBuilder()
            .setClientProtocolVersion("v".repeat(1_000_000)).build());

    assertThat(response.getCompatibility()).isEqualTo(Compatibility.COMPATIBILITY_INCOMPATIBLE);
    assertThat(response.getCompatibilityReason())
        .startsWith("client protocol version \"vvvv").contains("…\" (1000000 chars)")
        .endsWith("is not served; this server speaks v1.1, v1");
    assertThat(response.getCompatibilityReason().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(1024);
  }

  @Test
  void unaryRequests_withoutManifest_areInvalidArgumentNamingTheField() {
    ExecuteRequest execute = ExecuteRequest.newBuilder()
        .putAudioInputs("gain", AudioWire.toProto(
            AudioBuffer.of(AudioFormat.f32(48000, 1), new float[] {0.5f})))
        .build();
    ExplainPipelineRequest explain = ExplainPipelineRequest.newBuilder()
        .putInputs("gain", InputSpec.newBuilder()
            .setFormat(ExplainWire.toProto(AudioFormat.f32(48000, 1))).build())
        .build();
    PipelineServiceGrpc.PipelineServiceBlockingStub stub =
        PipelineServiceGrpc.newBlockingStub(rawChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
    Map<String, ThrowingCallable> calls = Map.of(
        "manifest is required: the pipeline to run on audio_inputs",
        () -> stub.executePipeline(execute),
        "manifest is required: the pipeline to explain", () -> stub.explainPipeline(explain));

    // Not the empty manifest's first complaint, about its version.
    calls.forEach((message, call) -> assertThatThrownBy(call)
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(detailOf(e).getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
          assertThat(detailOf(e).getMessage()).isEqualTo(message);
        }));
  }

  @Test
  void getVersion_reportsProtocolServerVersionAndNodeTypes() {
    ServerInfo info = client.serverInfo();

    // v1.1 adds coded audio and resumable streams (docs/protocol.md, "Version v1.1"); v1 is
    // still served.
    assertThat(info.protocolVersion()).isEqualTo("v1.1");
    assertThat(info.supportedProtocolVersions()).containsExactly("v1.1", "v1");
    assertThat(info.serverVersion()).isNotBlank().isNotEqualTo("unknown");
    assertThat(info.compatible()).isTrue();
    assertThat(info.nodeTypes()).anySatisfy(type -> {
      assertThat(type.nodeType()).isEqualTo("Gain");
      assertThat(type.parameters()).singleElement().satisfies(parameter -> {
        assertThat(parameter.name()).isEqualTo("gain_db");
        assertThat(parameter.allowed()).isEqualTo("[-120, 60]");
      });
    });
  }

  private static ErrorDetail detailOf(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("status details").isNotNull();
    assertThat(status.getDetailsList()).hasSize(1);
    try {
      return status.getDetails(0).unpack(ErrorDetail.class);
    } catch (InvalidProtocolBufferException ex) {
      throw new AssertionError("detail is not an ErrorDetail", ex);
    }
  }
}
