package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ExplainPipeline on the real Netty server lists the same decoders and encoders, with the same
 * latencies, as a local explain, and refuses a bad encoding with the local message and the
 * message the call itself gives.
 */
class ExplainEdgesEndToEndTest {
  private static final PipelineManifest RESAMPLE_SPLIT = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [
         {"id": "in", "node_type": "AudioResample", "params": {"target_sample_rate": 16000}},
         {"id": "phone", "node_type": "Gain"},
         {"id": "app", "node_type": "Gain"}],
       "connections": [{"from": "in", "to": "phone"}, {"from": "in", "to": "app"}]}
      """);

  @RegisterExtension
  final WireServer wire = new WireServer();

  @Test
  void explain_codedEdges_remoteEqualsLocal() {
    ExplainRequest request = new ExplainRequest(RESAMPLE_SPLIT,
        Map.of("in", AudioFormat.f32(48000, 1)), Map.of("in", 48000L), ExecutionLimits.UNSET,
        Map.of("in", new InputEncoding(AudioEncoding.OPUS_PACKETS, 40_000)),
        Map.of("phone", OutputEncoding.of(AudioEncoding.MU_LAW),
            "app", new OutputEncoding(AudioEncoding.OPUS_PACKETS, 32_000, 10)));

    Explanation local = LocalPipelineRunner.create().explain(request);
    Explanation remote = RemoteMediaClient.forChannel(wire.channel()).explain(request);

    assertThat(local.edges()).extracting(Explanation.ExplainedEdge::nodeId)
        .containsExactly("in", "phone", "app");
    assertThat(remote).isEqualTo(local);
  }

  @Test
  void explain_opusAtARateOpusCannotCode_failsAsLocallyAndAsTheCallDoes() {
    PipelineManifest gain = new ManifestParser().parse("""
        {"version": "v1", "nodes": [{"id": "g", "node_type": "Gain"}]}
        """);
    AudioFormat cd = AudioFormat.f32(44100, 1);
    Map<String, OutputEncoding> opus = Map.of("g", OutputEncoding.of(AudioEncoding.OPUS_PACKETS));
    ExplainRequest request = ExplainRequest.of(gain, "g", cd, 441).withEncodings(Map.of(), opus);
    RemoteMediaClient client = RemoteMediaClient.forChannel(wire.channel());

    PipelineException local = catchThrowableOfType(
        () -> LocalPipelineRunner.create().explain(request), PipelineException.class);
    RemoteMediaException remote = catchThrowableOfType(() -> client.explain(request),
        RemoteMediaException.class);
    RemoteMediaException call = catchThrowableOfType(() -> client.executeEncoded(
        ExecutionRequest.of(gain, "g", AudioBuffer.of(cd, new float[441])), Map.of(), opus),
        RemoteMediaException.class);

    assertThat(remote.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(remote).hasMessage(local.getMessage());
    assertThat(local).hasMessageStartingWith("output_encodings[\"g\"]: ")
        .hasMessageContaining("44100");
    // The same words after the place: the call names audio_outputs, explain output_encodings.
    assertThat(call.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(call.getMessage().replace("audio_outputs[", "output_encodings["))
        .isEqualTo(local.getMessage());
  }
}
