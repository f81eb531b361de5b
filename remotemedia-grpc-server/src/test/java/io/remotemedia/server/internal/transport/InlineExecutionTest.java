package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.AudioEncoding;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.NodeSpec;
import io.remotemedia.proto.PipelineManifest;
import io.remotemedia.proto.SampleFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which wire requests {@link InlineExecution} lets the transport thread try. */
class InlineExecutionTest {
  private static final InlineExecution.ImmediateRunner NEVER_RUNS =
      (request, maxNodeSamples) -> Optional.empty();
  private static final InlineExecution UP_TO_48K =
      InlineExecution.upTo(48_000, NEVER_RUNS, () -> true);

  @Test
  void admits_pcmSamplesTimesNodes_upToTheLimit() {
    assertThat(UP_TO_48K.admits(request(1, pcm(SampleFormat.SAMPLE_FORMAT_F32, 48_000 * 4))))
        .as("48,000 F32 samples, 1 node").isTrue();
    assertThat(UP_TO_48K.admits(request(1, pcm(SampleFormat.SAMPLE_FORMAT_F32, 48_001 * 4))))
        .as("48,001 F32 samples, 1 node").isFalse();
    assertThat(UP_TO_48K.admits(request(2, pcm(SampleFormat.SAMPLE_FORMAT_F32, 24_000 * 4))))
        .as("24,000 samples, 2 nodes").isTrue();
    assertThat(UP_TO_48K.admits(request(2, pcm(SampleFormat.SAMPLE_FORMAT_F32, 24_001 * 4))))
        .as("24,001 samples, 2 nodes").isFalse();
  }

  @Test
  void tryExecute_passesTheBoundToTheRunner() {
    long[] asked = {-1};
    InlineExecution inline = InlineExecution.upTo(12_345, (request, maxNodeSamples) -> {
      asked[0] = maxNodeSamples;
      return Optional.empty();
    }, () -> true);

    assertThat(inline.tryExecute(null)).isEmpty();
    assertThat(asked[0]).isEqualTo(12_345);
  }

  @Test
  void admits_countsSamplesBySampleWidth_andOverEveryInput() {
    assertThat(UP_TO_48K.admits(request(1, pcm(SampleFormat.SAMPLE_FORMAT_I16, 48_000 * 2))))
        .as("48,000 I16 samples").isTrue();
    assertThat(UP_TO_48K.admits(request(1, pcm(SampleFormat.SAMPLE_FORMAT_I16, 48_001 * 2))))
        .as("48,001 I16 samples").isFalse();
    assertThat(UP_TO_48K.admits(request(1, pcm(SampleFormat.SAMPLE_FORMAT_I32, 48_001 * 4))))
        .as("48,001 I32 samples").isFalse();
    assertThat(UP_TO_48K.admits(request(1,
        pcm(SampleFormat.SAMPLE_FORMAT_F32, 30_000 * 4),
        pcm(SampleFormat.SAMPLE_FORMAT_F32, 18_001 * 4))))
        .as("30,000 + 18,001 samples in two inputs").isFalse();
  }

  @Test
  void admits_codedOrUnknownFormats_never() {
    AudioBuffer muLaw = pcm(SampleFormat.SAMPLE_FORMAT_I16, 160).toBuilder()
        .setEncoding(AudioEncoding.AUDIO_ENCODING_MU_LAW).build();
    AudioBuffer unspecified = pcm(SampleFormat.SAMPLE_FORMAT_UNSPECIFIED, 160);

    assertThat(UP_TO_48K.admits(request(1, muLaw))).as("mu-law").isFalse();
    assertThat(UP_TO_48K.admits(request(1, unspecified))).as("no sample format").isFalse();
  }

  @Test
  void admits_onlyWhileTheCallIsAlone() {
    ExecuteRequest tiny = request(1, pcm(SampleFormat.SAMPLE_FORMAT_F32, 4));
    boolean[] alone = {true};
    InlineExecution inline = InlineExecution.upTo(48_000, NEVER_RUNS, () -> alone[0]);

    assertThat(inline.admits(tiny)).as("alone").isTrue();
    alone[0] = false;
    assertThat(inline.admits(tiny)).as("another call in flight or a stream open").isFalse();
  }

  @Test
  void off_andLimit0_admitNothing() {
    ExecuteRequest tiny = request(1, pcm(SampleFormat.SAMPLE_FORMAT_F32, 4));

    assertThat(InlineExecution.OFF.admits(tiny)).isFalse();
    assertThat(InlineExecution.upTo(0, NEVER_RUNS, () -> true))
        .isSameAs(InlineExecution.OFF);
  }

  @Test
  void upTo_negative_isRejected() {
    assertThatThrownBy(() -> InlineExecution.upTo(-1, NEVER_RUNS, () -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxNodeSamples must be >= 0, was -1");
  }

  private static AudioBuffer pcm(SampleFormat format, int bytes) {
    return AudioBuffer.newBuilder().setFormat(format).setChannels(1).setSampleRateHz(48_000)
        .setSamples(ByteString.copyFrom(new byte[bytes])).build();
  }

  private static ExecuteRequest request(int nodes, AudioBuffer... inputs) {
    PipelineManifest.Builder manifest = PipelineManifest.newBuilder().setVersion("v1");
    for (int i = 0; i < nodes; i++) {
      manifest.addNodes(NodeSpec.newBuilder().setId("n" + i).setNodeType("Gain"));
    }
    ExecuteRequest.Builder request = ExecuteRequest.newBuilder().setManifest(manifest);
    for (int i = 0; i < inputs.length; i++) {
      request.putAudioInputs("in" + i, inputs[i]);
    }
    return request.build();
  }
}
