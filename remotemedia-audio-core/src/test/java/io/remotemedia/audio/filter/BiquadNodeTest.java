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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BiquadNodeTest {
  private static final int RATE = 48000;
  private static final AudioFormat MONO = AudioFormat.f32(RATE, 1);
  private static final double AMPLITUDE = 0.5;

  /** Runs a 1 s sine through a fresh node and fits the output amplitude over the last 0.5 s. */
  private static double measuredGainDb(BiquadConfig config, double frequencyHz, int rate)
      throws UnsupportedFormatException {
    float[] input = TestSignals.sine(frequencyHz, AMPLITUDE, rate, rate);
    float[] output = NodeRuns.whole(new BiquadNode(config), AudioFormat.f32(rate, 1), input);
    return ToneFit.db(ToneFit.amplitude(output, rate / 2, rate, frequencyHz, rate) / AMPLITUDE);
  }

  @ParameterizedTest
  @EnumSource(FilterType.class)
  void process_sines_matchTheCookbookAnalogPrototype(FilterType type) throws Exception {
    BiquadConfig config = new BiquadConfig(type, 1000, 0.9, 6.0, 1);
    for (double f : new double[] {60, 300, 700, 1000, 1500, 4000, 12000}) {
      double expected = AnalogPrototype.magnitudeDb(type, 1000, 0.9, 6.0, f, RATE);
      if (expected < -60) {
        continue; // float input noise dominates there; the notch test covers depth
      }
      assertThat(measuredGainDb(config, f, RATE)).as("%s at %s Hz", type, f)
          .isCloseTo(expected, within(0.01));
    }
  }

  @Test
  void process_at44100_matchesThePrototypeToo() throws Exception {
    BiquadConfig config = new BiquadConfig(FilterType.HIGHSHELF, 5000, 0.7, -9.0, 1);
    for (double f : new double[] {100, 5000, 18000}) {
      assertThat(measuredGainDb(config, f, 44100)).as("%s Hz", f).isCloseTo(
          AnalogPrototype.magnitudeDb(FilterType.HIGHSHELF, 5000, 0.7, -9.0, f, 44100),
          within(0.01));
    }
  }

  @Test
  void process_butterworthLowPass_isMinus3dBAtTheCorner() throws Exception {
    BiquadConfig config =
        new BiquadConfig(FilterType.LOWPASS, 2000, BiquadConfig.BUTTERWORTH_Q, 0, 1);

    assertThat(measuredGainDb(config, 2000, RATE)).isCloseTo(-10 * Math.log10(2), within(0.01));
    // Maximally flat: no bump below the corner, -12 dB/octave far above it.
    assertThat(measuredGainDb(config, 500, RATE)).isCloseTo(0, within(0.05));
  }

  @Test
  void process_notch_removesTheCentreFrequency() throws Exception {
    BiquadConfig config = new BiquadConfig(FilterType.NOTCH, 1000, 5, 0, 1);

    assertThat(measuredGainDb(config, 1000, RATE)).isLessThan(-80);
    assertThat(measuredGainDb(config, 2000, RATE)).isCloseTo(
        AnalogPrototype.magnitudeDb(FilterType.NOTCH, 1000, 5, 0, 2000, RATE), within(0.01));
  }

  @Test
  void process_shelvesAndPeak_reachTheirGain() throws Exception {
    assertThat(measuredGainDb(new BiquadConfig(FilterType.LOWSHELF, 1000, 0.707, 12, 1), 30,
        RATE)).isCloseTo(12, within(0.05));
    assertThat(measuredGainDb(new BiquadConfig(FilterType.LOWSHELF, 1000, 0.707, 12, 1), 16000,
        RATE)).isCloseTo(0, within(0.05));
    assertThat(measuredGainDb(new BiquadConfig(FilterType.HIGHSHELF, 1000, 0.707, -9, 1), 16000,
        RATE)).isCloseTo(-9, within(0.05));
    assertThat(measuredGainDb(new BiquadConfig(FilterType.PEAKING, 3000, 2, 7.5, 1), 3000,
        RATE)).isCloseTo(7.5, within(0.01));
  }

  @Test
  void process_cascadeOfTwo_doublesTheResponseInDb() throws Exception {
    for (FilterType type : new FilterType[] {FilterType.LOWPASS, FilterType.HIGHPASS,
        FilterType.PEAKING}) {
      for (double f : new double[] {250, 1500, 3000}) {
        double one = measuredGainDb(new BiquadConfig(type, 1000, 0.707, 4, 1), f, RATE);
        double two = measuredGainDb(new BiquadConfig(type, 1000, 0.707, 4, 2), f, RATE);
        assertThat(two).as("%s at %s Hz", type, f).isCloseTo(2 * one, within(0.02));
      }
    }
  }

  @Test
  void process_extremeHighQ_staysStableAndDecays() throws Exception {
    // Q = 1000 at 1 kHz: pole radius 1 - 6.5e-5, envelope time constant 2Q/w0 = 0.318 s.
    BiquadConfig config = new BiquadConfig(FilterType.BANDPASS, 1000, 1000, 0, 1);
    float[] output = NodeRuns.whole(new BiquadNode(config), MONO,
        TestSignals.impulse(5 * RATE, 0));

    double early = peak(output, 0, RATE / 10);
    double late = peak(output, 5 * RATE - RATE / 10, 5 * RATE);
    double expectedDecay = Math.exp(-(4.9) / (2 * 1000 / (2 * Math.PI * 1000)));
    assertThat(late / early).isLessThan(expectedDecay * 1.5).isGreaterThan(expectedDecay / 1.5);
  }

  @Test
  void design_extremeSettings_keepPolesInsideTheUnitCircle() throws Exception {
    float[] noise = TestSignals.whiteNoise(RATE / 4, 0.5, 3);
    for (FilterType type : FilterType.values()) {
      for (double q : new double[] {BiquadConfig.MIN_Q, BiquadConfig.MAX_Q}) {
        for (double f : new double[] {BiquadConfig.MIN_FREQUENCY_HZ, 23_900}) {
          for (double gain : new double[] {BiquadConfig.MIN_GAIN_DB, BiquadConfig.MAX_GAIN_DB}) {
            BiquadCoefficients c = BiquadCoefficients.design(type, f, q, gain, RATE);
            // The stability triangle of 1 + a1 z^-1 + a2 z^-2: |a2| < 1 and |a1| < 1 + a2.
            String what = type + " q=" + q + " f=" + f + " gain=" + gain;
            assertThat(Math.abs(c.a2())).as(what).isLessThan(1);
            assertThat(Math.abs(c.a1())).as(what).isLessThan(1 + c.a2());
            float[] output = NodeRuns.whole(new BiquadNode(
                new BiquadConfig(type, f, q, gain, 1)), MONO, noise);
            assertThat(peak(output, 0, output.length)).as(what).isLessThan(1e7);
          }
        }
      }
    }
  }

  @Test
  void process_inRandomChunks_isBitExact() throws Exception {
    AudioFormat stereo = AudioFormat.f32(RATE, 2);
    float[] input = TestSignals.whiteNoise(2 * 20000, 0.7, 11);
    BiquadConfig config = new BiquadConfig(FilterType.PEAKING, 300, 4, -8, 3);
    float[] whole = NodeRuns.whole(new BiquadNode(config), stereo, input);

    Random random = new Random(5);
    for (int run = 0; run < 20; run++) {
      int[] chunks = NodeRuns.randomChunks(random, 20000, 1021);
      assertThat(NodeRuns.chunked(new BiquadNode(config), stereo, input, chunks))
          .containsExactly(whole);
    }
  }

  @Test
  void process_channels_areFilteredIndependently() throws Exception {
    float[] a = TestSignals.sine(440, 0.8, RATE, 6000);
    float[] b = TestSignals.silence(6000, 1);
    float[] c = TestSignals.whiteNoise(6000, 0.3, 9);
    BiquadConfig config = new BiquadConfig(FilterType.LOWPASS, 800, 0.707, 0, 2);

    float[] together = NodeRuns.whole(new BiquadNode(config), AudioFormat.f32(RATE, 3),
        TestSignals.interleave(a, b, c));

    float[][] mono = {a, b, c};
    for (int ch = 0; ch < 3; ch++) {
      assertThat(TestSignals.channel(together, 3, ch))
          .containsExactly(NodeRuns.whole(new BiquadNode(config), MONO, mono[ch]));
    }
  }

  @Test
  void process_nanInput_outputsZeroThenRecovers() throws Exception {
    float[] input = TestSignals.sine(1000, 0.5, RATE, 4000);
    input[100] = Float.NaN;
    BiquadConfig config = new BiquadConfig(FilterType.LOWPASS, 5000, 0.707, 0, 1);

    float[] output = NodeRuns.whole(new BiquadNode(config), MONO, input);

    assertThat(output[100]).isEqualTo(0f);
    for (float sample : output) {
      assertThat(Float.isFinite(sample)).isTrue();
    }
    assertThat(ToneFit.amplitude(output, 2000, 4000, 1000, RATE)).isGreaterThan(0.45);
  }

  @Test
  void process_zeroFrames_writesNothing() throws Exception {
    BiquadNode node = new BiquadNode(new BiquadConfig(FilterType.LOWPASS, 100, 1, 0, 1));
    node.configure(MONO, 16);

    assertThat(node.process(new float[0], 0, new float[0])).isZero();
    assertThat(node.latencyFrames()).isZero();
    assertThat(node.maxFlushFrames()).isZero();
  }

  @Test
  void configure_frequencyAtOrAboveNyquist_isRefusedNamingBoth() {
    BiquadNode node = new BiquadNode(new BiquadConfig(FilterType.HIGHPASS, 8000, 1, 0, 1));

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(16000, 1), 160))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage("unsupported input format (16000 Hz, 1 ch, F32): frequency_hz 8000.0 Hz"
            + " must be below the Nyquist frequency 8000.0 Hz of the input");
  }

  @Test
  void config_outOfRange_namesTheParameter() {
    assertThatThrownBy(() -> new BiquadConfig(FilterType.LOWPASS, 0.5, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frequency_hz must be in [1.0, 384000.0], was 0.5");
    assertThatThrownBy(() -> new BiquadConfig(FilterType.LOWPASS, 100, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q must be in [0.01, 1000.0], was 0.0");
    assertThatThrownBy(() -> new BiquadConfig(FilterType.PEAKING, 100, 1, Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gain_db must be in [-48.0, 48.0], was NaN");
    assertThatThrownBy(() -> new BiquadConfig(FilterType.LOWPASS, 100, 1, 0, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stages must be in [1, 8], was 9");
    assertThatThrownBy(() -> new BiquadConfig(null, 100, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter_type must not be null");
  }

  @Test
  void coefficients_at48k_matchTheCookbookWorkedByHand() {
    // LOWPASS, f0 = fs/4, Q = 1/sqrt(2): w0 = pi/2, cos = 0, alpha = 1/sqrt(2),
    // so b = (1/2, 1, 1/2) / (1 + alpha), a1 = 0, a2 = (1 - alpha) / (1 + alpha).
    BiquadCoefficients c = BiquadCoefficients.design(FilterType.LOWPASS, 12000,
        BiquadConfig.BUTTERWORTH_Q, 0, 48000);
    double a0 = 1 + Math.sqrt(0.5);
    assertThat(c.b0()).isCloseTo(0.5 / a0, within(1e-15));
    assertThat(c.b1()).isCloseTo(1 / a0, within(1e-15));
    assertThat(c.a1()).isCloseTo(0, within(1e-15));
    assertThat(c.a2()).isCloseTo((1 - Math.sqrt(0.5)) / a0, within(1e-15));
  }

  private static double peak(float[] x, int from, int to) {
    double peak = 0;
    for (int i = from; i < to; i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    return peak;
  }
}
