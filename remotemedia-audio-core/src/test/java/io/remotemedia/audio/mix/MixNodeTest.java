package io.remotemedia.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixNodeTest {

  @Test
  void process_twoStereoInputsSideBySide_sumsChannelByChannel() throws Exception {
    // Frame layout: input 0 (L, R), input 1 (L, R).
    float[] joined = {0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.5f, 0.25f, 0.25f};

    float[] sum = NodeRuns.whole(new MixNode(new MixConfig(2, false)),
        AudioFormat.f32(48000, 4), joined);
    float[] average = NodeRuns.whole(new MixNode(new MixConfig(2, true)),
        AudioFormat.f32(48000, 4), joined);

    assertThat(sum).containsExactly(0.1f + 0.3f, 0.2f + 0.4f, -0.5f + 0.25f, 0.5f + 0.25f);
    assertThat(average).containsExactly((0.1f + 0.3f) / 2, (0.2f + 0.4f) / 2,
        (-0.5f + 0.25f) / 2, (0.5f + 0.25f) / 2);
  }

  @Test
  void process_inRandomChunks_equalsOneChunk() throws Exception {
    AudioFormat threeMono = AudioFormat.f32(16000, 3);
    float[] input = TestSignals.whiteNoise(3 * 4000, 0.5, 3);
    float[] whole = NodeRuns.whole(new MixNode(new MixConfig(3, true)), threeMono, input);

    int[] chunks = NodeRuns.randomChunks(new Random(1), 4000, 333);
    assertThat(NodeRuns.chunked(new MixNode(new MixConfig(3, true)), threeMono, input, chunks))
        .containsExactly(whole);
  }

  @Test
  void configure_channelsNotDivisibleByInputs_isUnsupported() {
    assertThatThrownBy(() -> new MixNode(new MixConfig(2, true))
            .configure(AudioFormat.f32(8000, 3), 10))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage("unsupported input format (8000 Hz, 3 ch, F32): Mix of 2 inputs needs a"
            + " channel count divisible by 2, was 3");
  }

  @Test
  void config_inputsOutOfRange_namesTheParameter() {
    assertThatThrownBy(() -> new MixConfig(1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputs must be in [2, 16], was 1");
  }
}
