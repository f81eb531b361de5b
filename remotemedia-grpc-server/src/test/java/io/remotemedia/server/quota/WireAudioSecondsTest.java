package io.remotemedia.server.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.google.protobuf.ByteString;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.SampleFormat;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.VersionRequest;
import org.junit.jupiter.api.Test;

class WireAudioSecondsTest {
  @Test
  void of_executeRequest_sumsItsInputs() {
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .putAudioInputs("a", pcm(SampleFormat.SAMPLE_FORMAT_F32, 16_000, 1, 8_000, 8_000))
        .putAudioInputs("b", pcm(SampleFormat.SAMPLE_FORMAT_I16, 8_000, 2, 2_000, 2_000))
        .build();

    assertThat(WireAudioSeconds.of(request)).isCloseTo(0.5 + 0.25, offset(1e-12));
  }

  @Test
  void of_streamChunk_isItsAudio_andOtherMessagesHaveNone() {
    StreamRequest chunk = StreamRequest.newBuilder().setChunk(StreamChunk.newBuilder()
        .setSequence(3).setAudio(pcm(SampleFormat.SAMPLE_FORMAT_I32, 48_000, 1, 480, 480)))
        .build();

    assertThat(WireAudioSeconds.of(chunk)).isCloseTo(0.01, offset(1e-12));
    assertThat(WireAudioSeconds.of(StreamRequest.getDefaultInstance())).isZero();
    assertThat(WireAudioSeconds.of(VersionRequest.getDefaultInstance())).isZero();
  }

  @Test
  void of_pcmDeclaringMoreFramesThanItsBytesHold_countsTheBytes() {
    // Claims 2^63 frames (negative as a signed long), carries 100.
    AudioBuffer lying = pcm(SampleFormat.SAMPLE_FORMAT_F32, 8_000, 1, 100, Long.MIN_VALUE);

    assertThat(WireAudioSeconds.of(ExecuteRequest.newBuilder().putAudioInputs("in", lying)
        .build())).isCloseTo(100 / 8_000.0, offset(1e-12));
  }

  @Test
  void of_zeroSampleRate_countsNothing() {
    assertThat(WireAudioSeconds.of(ExecuteRequest.newBuilder()
        .putAudioInputs("in", pcm(SampleFormat.SAMPLE_FORMAT_F32, 0, 1, 100, 100)).build()))
        .isZero();
  }

  private static AudioBuffer pcm(SampleFormat format, int rateHz, int channels, int frames,
      long declaredFrames) {
    int bytesPerSample = format == SampleFormat.SAMPLE_FORMAT_I16 ? 2 : 4;
    return AudioBuffer.newBuilder()
        .setFormat(format)
        .setSampleRateHz(rateHz)
        .setChannels(channels)
        .setFrameCount(declaredFrames)
        .setSamples(ByteString.copyFrom(new byte[frames * channels * bytesPerSample]))
        .build();
  }
}
