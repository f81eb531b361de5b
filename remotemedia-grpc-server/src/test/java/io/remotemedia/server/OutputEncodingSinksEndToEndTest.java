package io.remotemedia.server;

import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.ExplainPipelineRequest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.internal.wire.ExplainWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Output encodings keyed by something other than a sink, sent to the real Netty server on a
 * loopback port by a client that does not check them: ExecutePipeline, StreamPipeline and
 * ExplainPipeline each refuse them as INVALID_ARGUMENT (VALIDATION), with the message the
 * embedded runner gives for the same stream or explanation.
 */
class OutputEncodingSinksEndToEndTest {
  private static final PipelineManifest FORK = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [
         {"id": "in", "node_type": "AudioResample", "params": {"target_sample_rate": 16000}},
         {"id": "left", "node_type": "Gain"},
         {"id": "right", "node_type": "Gain"}],
       "connections": [{"from": "in", "to": "left"}, {"from": "in", "to": "right"}]}
      """);
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final String NO_NODE =
      "output_encodings[\"vda\"] names no node of the manifest; sinks: left, right";
  private static final String NOT_A_SINK = "output_encodings[\"in\"] names a node that is not"
      + " a sink (a connection leaves it); sinks: left, right";

  @RegisterExtension final LoopbackServer loopback = new LoopbackServer();

  private static Map<String, OutputEncoding> muLaw(String key) {
    return Map.of(key, OutputEncoding.of(AudioEncoding.MU_LAW));
  }

  private static io.remotemedia.proto.OutputEncoding wireMuLaw() {
    return io.remotemedia.proto.OutputEncoding.newBuilder()
        .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_MU_LAW).build();
  }

  /**
   * Opens a stream of {@link #FORK} as a client that does not check would, asking μ-law for
   * {@code key}, and returns the error that ends it.
   */
  private StatusRuntimeException openRawStream(String key) throws Exception {
    StreamRecorder recorder = new StreamRecorder();
    StreamObserver<StreamRequest> requests =
        PipelineServiceGrpc.newStub(loopback.client().channel()).streamPipeline(recorder);
    StreamRequest open =
        StreamWire.open(OpenStreamRequest.of(FORK, MONO_48K), ProtocolVersions.CURRENT);
    requests.onNext(open.toBuilder().setOpen(open.getOpen().toBuilder()
        .putOutputEncodings(key, wireMuLaw())).build());
    return recorder.error();
  }

  @Test
  void execute_outputEncodingForNoNodeOrANonSink_isInvalidArgumentSayingWhich() {
    ExecutionRequest request =
        ExecutionRequest.of(FORK, "in", AudioBuffer.of(MONO_48K, new float[480]));

    // The SDK sends unary output encodings as given: the server is the one that checks.
    RemoteMediaException noNode = catchThrowableOfType(RemoteMediaException.class,
        () -> loopback.client().executeEncoded(request, Map.of(), muLaw("vda")));
    RemoteMediaException notASink = catchThrowableOfType(RemoteMediaException.class,
        () -> loopback.client().executeEncoded(request, Map.of(), muLaw("in")));

    assertThat(noNode.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noNode.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(noNode).hasMessage(NO_NODE);
    assertThat(notASink.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(notASink.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(notASink).hasMessage(NOT_A_SINK);
  }

  @Test
  void streamOpen_outputEncodingForNoNode_isRefusedAsTheEmbeddedRunnerRefusesIt()
      throws Exception {
    PipelineException local = catchThrowableOfType(PipelineException.class,
        () -> LocalPipelineRunner.create().openStream(
            OpenStreamRequest.of(FORK, MONO_48K).withOutputEncodings(muLaw("vda"))));

    StatusRuntimeException error = openRawStream("vda");

    assertThat(local.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(local).hasMessage(NO_NODE);
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
    assertThat(detailOf(error).getMessage()).isEqualTo(NO_NODE);
    assertThat(loopback.server().openStreamCount()).isZero();
  }

  @Test
  void streamOpen_outputEncodingForANonSink_isInvalidArgumentSayingSo() throws Exception {
    StatusRuntimeException error = openRawStream("in");

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage()).isEqualTo(NOT_A_SINK);
    assertThat(loopback.server().openStreamCount()).isZero();
  }

  @Test
  void explain_outputEncodingForNoNodeOrANonSink_isRefusedAsTheEmbeddedRunnerRefusesIt() {
    PipelineException local = catchThrowableOfType(PipelineException.class,
        () -> LocalPipelineRunner.create().explain(ExplainRequest.of(FORK, "in", MONO_48K, 0)
            .withEncodings(Map.of(), muLaw("in"))));
    ExplainPipelineRequest wire = ExplainWire.toProto(
        ExplainRequest.of(FORK, "in", MONO_48K, 0), ProtocolVersions.CURRENT);
    PipelineServiceGrpc.PipelineServiceBlockingStub stub =
        PipelineServiceGrpc.newBlockingStub(loopback.client().channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS);

    StatusRuntimeException noNode = catchThrowableOfType(StatusRuntimeException.class,
        () -> stub.explainPipeline(wire.toBuilder()
            .putOutputEncodings("vda", wireMuLaw()).build()));
    StatusRuntimeException notASink = catchThrowableOfType(StatusRuntimeException.class,
        () -> stub.explainPipeline(wire.toBuilder()
            .putOutputEncodings("in", wireMuLaw()).build()));

    assertThat(local.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(local).hasMessage(NOT_A_SINK);
    assertThat(noNode.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(noNode).getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
    assertThat(detailOf(noNode).getMessage()).isEqualTo(NO_NODE);
    assertThat(notASink.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(notASink).getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
    assertThat(detailOf(notASink).getMessage()).isEqualTo(local.getMessage());
  }
}
