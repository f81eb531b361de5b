package io.remotemedia.audio.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DcBlockerNodeTest {
  private static final int RATE = 16000;
  private static final AudioFormat MONO = AudioFormat.f32(RATE, 1);

  @Test
  void process_offsetPlusTone_removesTheOffsetAndKeepsTheTone() throws Exception {
    float[] input = TestSignals.sine(1000, 0.2, RATE, RATE);
    for (int i = 0; i < input.length; i++) {
      input[i] += 0.3f;
    }

    float[] output = NodeRuns.whole(new DcBlockerNode(new DcBlockerConfig(10)), MONO, input);

    double mean = 0;
    for (int i = RATE / 2; i < RATE; i++) {
      mean += output[i];
    }
    mean /= RATE / 2;
    // An offset decays as exp(-2 pi fc t): after 0.5 s at 10 Hz that is e^-31.
    assertThat(mean).isCloseTo(0, within(1e-5));
    double expectedDb = firstOrderHighPassDb(1000, 10);
    assertThat(ToneFit.db(ToneFit.amplitude(output, RATE / 2, RATE, 1000, RATE) / 0.2))
        .isCloseTo(expectedDb, within(0.01));
  }

  @Test
  void process_toneAtTheCutoff_isMinus3dB() throws Exception {
    float[] input = TestSignals.sine(50, 0.5, RATE, 2 * RATE);

    float[] output = NodeRuns.whole(new DcBlockerNode(new DcBlockerConfig(50)), MONO, input);

    assertThat(ToneFit.db(ToneFit.amplitude(output, RATE, 2 * RATE, 50, RATE) / 0.5))
        .isCloseTo(-10 * Math.log10(2), within(0.01));
  }

  @Test
  void process_inRandomChunks_isBitExact() throws Exception {
    AudioFormat stereo = AudioFormat.f32(RATE, 2);
    float[] input = TestSignals.whiteNoise(2 * 9000, 0.7, 2);
    float[] whole = NodeRuns.whole(new DcBlockerNode(new DcBlockerConfig(20)), stereo, input);

    Random random = new Random(8);
    for (int run = 0; run < 10; run++) {
      assertThat(NodeRuns.chunked(new DcBlockerNode(new DcBlockerConfig(20)), stereo, input,
          NodeRuns.randomChunks(random, 9000, 777))).containsExactly(whole);
    }
  }

  @Test
  void configure_cutoffAboveNyquist_isRefused() {
    DcBlockerNode node = new DcBlockerNode(new DcBlockerConfig(1000));

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(2000, 1), 10))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage("unsupported input format (2000 Hz, 1 ch, F32): cutoff_hz 1000.0 Hz must be"
            + " below the Nyquist frequency 1000.0 Hz of the input");
  }

  @Test
  void config_outOfRange_namesTheParameter() {
    assertThatThrownBy(() -> new DcBlockerConfig(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cutoff_hz must be in [0.1, 1000.0], was 0.0");
  }

  /** |s / (s + 1)| at the pre-warped s = j tan(pi f / fs) / tan(pi fc / fs), in dB. */
  private static double firstOrderHighPassDb(double f, double fc) {
    double omega = Math.tan(Math.PI * f / RATE) / Math.tan(Math.PI * fc / RATE);
    return 20 * Math.log10(omega / Math.hypot(omega, 1));
  }
}
