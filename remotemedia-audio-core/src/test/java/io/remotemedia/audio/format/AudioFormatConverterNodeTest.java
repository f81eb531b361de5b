package io.remotemedia.audio.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.pcm.PcmCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioFormatConverterNodeTest {
  private static final AudioFormat MONO = AudioFormat.f32(48000, 1);
  private static final AudioFormat STEREO = AudioFormat.f32(48000, 2);
  private static final double STEP_16 = 1.0 / 32768;

  private static AudioFormatConverterNode node(SampleFormat target, Dither dither) {
    return new AudioFormatConverterNode(new AudioFormatConverterConfig(target, dither));
  }

  /** Quantisation error in steps, computed in double. */
  private static double[] errorInSteps(float[] in, float[] out, double step) {
    double[] error = new double[in.length];
    for (int i = 0; i < in.length; i++) {
      error[i] = ((double) out[i] - in[i]) / step;
    }
    return error;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double variance(double[] values) {
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return sum / values.length;
  }

  /** Amplitude of the component at {@code frequencyHz} (an exact DFT bin), in the input's unit. */
  private static double amplitudeAt(float[] signal, double frequencyHz, int rateHz) {
    double re = 0;
    double im = 0;
    for (int n = 0; n < signal.length; n++) {
      double phase = 2 * Math.PI * frequencyHz * n / rateHz;
      re += signal[n] * Math.cos(phase);
      im -= signal[n] * Math.sin(phase);
    }
    return 2 * Math.hypot(re, im) / signal.length;
  }

  @Test
  void configure_setsTheTargetSampleFormat() throws Exception {
    AudioFormat out = node(SampleFormat.I16, Dither.NONE).configure(STEREO, 64);

    assertThat(out).isEqualTo(new AudioFormat(48000, 2, SampleFormat.I16));
  }

  @Test
  void process_toI16_roundsToTheNearestStepSoEncodingIsExact() throws Exception {
    float[] in = TestSignals.whiteNoise(4000, 0.99, 5);

    float[] out = NodeRuns.whole(node(SampleFormat.I16, Dither.NONE), MONO, in);

    for (int i = 0; i < in.length; i++) {
      double expected = Math.floor(in[i] * 32768.0 + 0.5) / 32768.0;
      assertThat((double) out[i]).isEqualTo(expected);
    }
    ByteBuffer bytes = ByteBuffer.allocate(in.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(PcmCodec.encode(out, out.length, SampleFormat.I16, bytes)).isZero();
    float[] decoded = new float[out.length];
    PcmCodec.decode(bytes.flip(), SampleFormat.I16, decoded, decoded.length);
    assertThat(decoded).containsExactly(out);
  }

  @Test
  void process_toI32_putsValuesOnTheI32GridAndFloatPrecision() throws Exception {
    float[] in = TestSignals.whiteNoise(4000, 1.0, 6);
    in[0] = 3e-9f; // below float precision of larger values: rounds to 6 steps of 2^-31
    in[1] = 1f;

    float[] out = NodeRuns.whole(node(SampleFormat.I32, Dither.NONE), MONO, in);
    float[] dithered = NodeRuns.whole(node(SampleFormat.I32, Dither.TPDF), MONO, in);

    for (int i = 0; i < in.length; i++) {
      for (float value : new float[] {out[i], dithered[i]}) {
        double steps = value * 2147483648.0;
        assertThat(steps).isEqualTo(Math.rint(steps));
        assertThat((double) value).isCloseTo(in[i],
            within(1.5 / 2147483648.0 + Math.ulp(in[i])));
      }
    }
    assertThat((double) out[0]).isEqualTo(6 / 2147483648.0);
    assertThat((double) out[1]).isEqualTo(1 - Math.pow(2, -24));
    ByteBuffer bytes = ByteBuffer.allocate(in.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(PcmCodec.encode(out, out.length, SampleFormat.I32, bytes)).isZero();
  }

  @Test
  void process_toF32_passesValuesThrough() throws Exception {
    float[] in = {1.5f, -0.123456789f, Float.NaN, 0f};

    float[] out = NodeRuns.whole(node(SampleFormat.F32, Dither.NONE), MONO, in);

    assertThat(out).containsExactly(in);
  }

  @Test
  void process_outOfRange_clipsAndCounts() throws Exception {
    AudioFormatConverterNode node = node(SampleFormat.I16, Dither.NONE);
    float[] in = {1f, -1f, 1.5f, -1.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, 0.999f, (float) (32767.4 / 32768)};

    float[] out = NodeRuns.whole(node, MONO, in);

    // 1.0 is one step above the largest i16 value; -1.0 is on the grid.
    assertThat(node.clippedSamples()).isEqualTo(5);
    float top = 32767f / 32768;
    assertThat(out).containsExactly(top, -1f, top, -1f, top, -1f, 0f,
        (float) (Math.floor(0.999 * 32768 + 0.5) / 32768), top);
  }

  @Test
  void clippedSamples_accumulatesOverChunksAndSurvivesFlushUntilConfigure() throws Exception {
    AudioFormatConverterNode node = node(SampleFormat.I16, Dither.TPDF);
    node.configure(STEREO, 4);
    float[] out = new float[8];

    node.process(new float[] {2f, 0f, 0f, -2f}, 2, out);
    node.process(new float[] {0f, 1.1f, 0f, 0f}, 2, out);
    node.flush(new float[0]);
    node.reset();

    assertThat(node.clippedSamples()).isEqualTo(3);
    node.configure(STEREO, 4);
    assertThat(node.clippedSamples()).isZero();
  }

  @Test
  void process_withTpdf_errorHasZeroMeanAndAQuarterStepSquaredPower() throws Exception {
    int n = 1 << 20;
    float[] in = TestSignals.whiteNoise(n, 0.5, 11);

    double[] dithered = errorInSteps(in,
        NodeRuns.whole(node(SampleFormat.I16, Dither.TPDF), MONO, in), STEP_16);
    double[] plain = errorInSteps(in,
        NodeRuns.whole(node(SampleFormat.I16, Dither.NONE), MONO, in), STEP_16);

    // Theory: rounding alone gives 1/12 step²; TPDF adds 1/6. The standard error of these
    // estimates over 2^20 samples is below 0.001, so the tolerances are wide.
    assertThat(mean(dithered)).isCloseTo(0.0, within(0.005));
    assertThat(variance(dithered)).isCloseTo(0.25, within(0.005));
    assertThat(mean(plain)).isCloseTo(0.0, within(0.005));
    assertThat(variance(plain)).isCloseTo(1.0 / 12, within(0.003));
    double worst = 0;
    for (double e : dithered) {
      worst = Math.max(worst, Math.abs(e));
    }
    assertThat(worst).isLessThan(1.5);
  }

  @Test
  void process_withTpdf_errorMomentsDoNotDependOnTheSignal() throws Exception {
    // With TPDF the first two moments of the error are the same for every input value;
    // without dither a constant input gives a constant error.
    for (double fraction : new double[] {0.0, 0.25, 0.5, 0.8}) {
      float[] in = new float[1 << 17];
      java.util.Arrays.fill(in, (float) ((100 + fraction) * STEP_16));

      double[] error = errorInSteps(in,
          NodeRuns.whole(node(SampleFormat.I16, Dither.TPDF), MONO, in), STEP_16);

      assertThat(mean(error)).as("fraction %s", fraction).isCloseTo(0.0, within(0.01));
      assertThat(variance(error)).as("fraction %s", fraction).isCloseTo(0.25, within(0.01));
    }
  }

  @Test
  void process_lowLevelSine_ditherRemovesTheHarmonicSpurs() throws Exception {
    int rate = 48000;
    // 2.3 steps of amplitude; 1 kHz is an exact bin of a 1 s DFT, so the undithered error is
    // periodic and lands on the odd harmonics.
    float[] in = TestSignals.sine(1000, 2.3 * STEP_16, rate, rate);

    float[] plain = NodeRuns.whole(node(SampleFormat.I16, Dither.NONE), MONO, in);
    float[] dithered = NodeRuns.whole(node(SampleFormat.I16, Dither.TPDF), MONO, in);

    // White error of 1/4 step² gives a DFT amplitude of about 2 * 0.5 / sqrt(N) = 0.0046
    // steps per bin; 0.03 steps is 6.5 times that.
    double plainWorst = 0;
    for (int h = 2; h <= 9; h++) {
      double plainSpur = amplitudeAt(plain, 1000.0 * h, rate) / STEP_16;
      double ditheredSpur = amplitudeAt(dithered, 1000.0 * h, rate) / STEP_16;
      plainWorst = Math.max(plainWorst, plainSpur);
      assertThat(ditheredSpur).as("harmonic %d with dither", h).isLessThan(0.03);
    }
    assertThat(plainWorst).as("worst harmonic without dither").isGreaterThan(0.1);
    assertThat(amplitudeAt(dithered, 1000, rate) / STEP_16).isCloseTo(2.3, within(0.03));
  }

  @Test
  void process_inRandomChunksWithDither_equalsOneChunk() throws Exception {
    float[] in = TestSignals.whiteNoise(2 * 5001, 0.8, 9);
    float[] whole = NodeRuns.whole(node(SampleFormat.I16, Dither.TPDF), STEREO, in);

    Random random = new Random(4);
    for (int run = 0; run < 20; run++) {
      int[] chunks = NodeRuns.randomChunks(random, 5001, 301);
      float[] chunked = NodeRuns.chunked(node(SampleFormat.I16, Dither.TPDF), STEREO, in,
          chunks);
      assertThat(chunked).containsExactly(whole);
    }
  }

  @Test
  void process_sameSeedAfterReset_reproducesTheOutput() throws Exception {
    float[] in = TestSignals.whiteNoise(1000, 0.3, 2);
    AudioFormatConverterNode node = node(SampleFormat.I16, Dither.TPDF);
    float[] first = NodeRuns.whole(node, MONO, in);
    node.reset();
    float[] second = new float[in.length];
    node.process(in, in.length, second);
    float[] otherSeed = NodeRuns.whole(new AudioFormatConverterNode(
        new AudioFormatConverterConfig(SampleFormat.I16, Dither.TPDF, 99)), MONO, in);

    assertThat(second).containsExactly(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void process_zeroFrames_writesNothing() throws Exception {
    AudioFormatConverterNode node = node(SampleFormat.I16, Dither.TPDF);
    node.configure(MONO, 16);

    assertThat(node.process(new float[0], 0, new float[0])).isZero();
  }

  @Test
  void config_tpdfWithF32Target_isRejected() {
    assertThatThrownBy(() -> new AudioFormatConverterConfig(SampleFormat.F32, Dither.TPDF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dither tpdf needs an integer target_format (i16 or i32), was f32");
    assertThatThrownBy(() -> new AudioFormatConverterConfig(null, Dither.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target_format must not be null");
  }
}
