package io.remotemedia.pipeline.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Coding audio whose array is longer than its frames (AudioBuffer allows it). */
class EncodedAudioCodecTest {
  private static final AudioFormat MONO_48K = AudioFormat.f32(48_000, 1);

  @Test
  void encode_opusPacketsOfAnArrayLongerThanItsFrames_codesOnlyItsFrames() {
    // 1,000 frames: two 20 ms packets of 960, the second padded. Past frame 1,000 the array
    // holds something else, loud, that is not part of the audio.
    float[] array = new float[2_000];
    for (int i = 0; i < array.length; i++) {
      array[i] = i < 1_000 ? (float) Math.sin(i * 0.05) * 0.3f : (i % 2 == 0 ? 0.9f : -0.9f);
    }
    OutputEncoding opus = OutputEncoding.of(AudioEncoding.OPUS_PACKETS);

    EncodedAudio prefix = EncodedAudioCodec.encode(AudioBuffer.of(MONO_48K, array, 1_000),
        opus, "out");
    EncodedAudio exact = EncodedAudioCodec.encode(
        AudioBuffer.of(MONO_48K, Arrays.copyOf(array, 1_000)), opus, "out");

    assertThat(prefix.packetLengths()).containsExactly(exact.packetLengths());
    assertThat(prefix.bytes()).as("the packets of the 1,000 frames alone")
        .containsExactly(exact.bytes());
  }
}
