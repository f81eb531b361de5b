package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.opus.ConcealedPacketsOgg;
import io.remotemedia.proto.AudioEncoding;
import io.remotemedia.proto.ExecuteRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecutionWire#audioInputs(ExecuteRequest, long)}: coded inputs decode to at most the
 * bound together, each within what the inputs before it left, so that a request of many
 * small coded inputs cannot add up to more memory than one could.
 */
class CodedInputBoundTest {
  /** One page of concealed packets: 1,468,800 samples of 48 kHz mono from 792 bytes. */
  private static final io.remotemedia.proto.AudioBuffer ONE_PAGE =
      io.remotemedia.proto.AudioBuffer.newBuilder()
          .setEncoding(AudioEncoding.AUDIO_ENCODING_OGG_OPUS)
          .setSampleRateHz(48000)
          .setChannels(1)
          .setSamples(ByteString.copyFrom(ConcealedPacketsOgg.file(1)))
          .build();
  private static final long PAGE_SAMPLES =
      (long) ConcealedPacketsOgg.PACKETS_PER_PAGE * ConcealedPacketsOgg.SAMPLES_PER_PACKET;
  private static final ExecuteRequest TWO_PAGES = ExecuteRequest.newBuilder()
      .putAudioInputs("a", ONE_PAGE)
      .putAudioInputs("b", ONE_PAGE)
      .build();

  @Test
  void inputsThatFitTogether_decode() {
    Map<String, AudioBuffer> inputs = ExecutionWire.audioInputs(TWO_PAGES, 2 * PAGE_SAMPLES);

    assertThat(inputs.get("a").frameCount()).isEqualTo(PAGE_SAMPLES);
    assertThat(inputs.get("b").frameCount()).isEqualTo(PAGE_SAMPLES);
  }

  @Test
  void theInputThatPassesTheBoundTogether_isRefused_namingIt() {
    assertThatThrownBy(() -> ExecutionWire.audioInputs(TWO_PAGES, PAGE_SAMPLES + 1000))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.getMessage()).startsWith("audio_inputs[\"b\"]: Ogg Opus audio decodes"
              + " to more than the limit of 1000 samples");
          assertThat(e.limit()).hasValueSatisfying(limit ->
              assertThat(limit.limitValue()).isEqualTo(1000));
        });
  }
}
