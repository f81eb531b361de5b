package io.remotemedia.audio.gain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GainNodeTest {
  private static final AudioFormat STEREO = AudioFormat.f32(48000, 2);

  @Test
  void process_withUnityGain_leavesSamplesUnchanged() throws Exception {
    float[] input = TestSignals.whiteNoise(2000, 0.9, 1);

    float[] output = NodeRuns.whole(new GainNode(new GainConfig(0)), STEREO, input);

    assertThat(output).containsExactly(input);
  }

  @Test
  void process_withMinus6dB_halvesAmplitude() throws Exception {
    float[] input = TestSignals.sine(1000, 0.8, 48000, 480);

    float[] output = NodeRuns.whole(new GainNode(new GainConfig(-20 * Math.log10(2))),
        AudioFormat.f32(48000, 1), input);

    for (int i = 0; i < input.length; i++) {
      assertThat(output[i]).isCloseTo(input[i] / 2, within(1e-6f));
    }
  }

  @Test
  void process_withPlus20dB_multipliesByTen() throws Exception {
    float[] output = NodeRuns.whole(new GainNode(new GainConfig(20)), AudioFormat.f32(8000, 1),
        new float[] {0.01f, -0.02f});

    assertThat(output[0]).isCloseTo(0.1f, within(1e-6f));
    assertThat(output[1]).isCloseTo(-0.2f, within(1e-6f));
  }

  @Test
  void process_inRandomChunks_equalsOneChunk() throws Exception {
    float[] input = TestSignals.whiteNoise(2 * 5000, 1.0, 7);
    float[] whole = NodeRuns.whole(new GainNode(new GainConfig(-3.5)), STEREO, input);

    Random random = new Random(42);
    for (int run = 0; run < 20; run++) {
      int[] chunks = NodeRuns.randomChunks(random, 5000, 257);
      float[] chunked = NodeRuns.chunked(new GainNode(new GainConfig(-3.5)), STEREO, input,
          chunks);
      assertThat(chunked).containsExactly(whole);
    }
  }

  @Test
  void configure_keepsTheFormat() throws Exception {
    AudioFormat pcm16 = new AudioFormat(16000, 3, SampleFormat.I16);

    assertThat(new GainNode(new GainConfig(1)).configure(pcm16, 10)).isEqualTo(pcm16);
  }

  @Test
  void process_beforeConfigure_throwsIllegalState() {
    GainNode node = new GainNode(new GainConfig(0));

    assertThatThrownBy(() -> node.process(new float[1], 1, new float[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("GainNode.process called before configure");
  }

  @Test
  void process_moreFramesThanConfigured_isRejected() throws Exception {
    GainNode node = new GainNode(new GainConfig(0));
    node.configure(AudioFormat.f32(8000, 1), 4);

    assertThatThrownBy(() -> node.process(new float[8], 5, new float[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inFrames must be in [0, 4], was 5");
  }

  @Test
  void config_outOfRangeOrNaN_namesTheParameter() {
    assertThatThrownBy(() -> new GainConfig(61))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gain_db must be in [-120.0, 60.0], was 61.0");
    assertThatThrownBy(() -> new GainConfig(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was NaN");
  }
}
