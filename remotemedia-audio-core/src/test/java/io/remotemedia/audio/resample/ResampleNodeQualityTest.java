package io.remotemedia.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quality targets of the AudioResample issue, measured on float32 sines in double
 * precision with {@link SineFit}: THD+N of a sine near 1 kHz, passband flatness up to 0.9 of
 * the lower Nyquist frequency, the −3 dB point, and the worst alias (downsampling: full-scale
 * tones from the output Nyquist to the input Nyquist) or image (upsampling: full-scale tones
 * across the input band, residual after removing the tone) over a set of tones that stands for
 * a sweep. Signals are 0.3 s long; the first and last 40 ms of output are skipped so that only
 * the steady state is measured.
 */
class ResampleNodeQualityTest {
  private static final int[][] RATIOS = {
      {44100, 16000}, {48000, 16000}, {16000, 48000}, {8000, 16000}, {44100, 48000}};
  private static final int ALIAS_TONES = 16;

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (int[] ratio : RATIOS) {
      // Thresholds straight from the issue: high THD+N -130 dB, aliases -140 dBFS; very_high
      // -145 dB and -145 dBFS.
      cases.add(Arguments.of(ratio[0], ratio[1], ResampleQuality.HIGH, -130.0, -140.0));
      cases.add(Arguments.of(ratio[0], ratio[1], ResampleQuality.VERY_HIGH, -145.0, -145.0));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{2} {0}->{1}")
  @MethodSource("cases")
  void process_sineNear1kHz_meetsThdPlusNoise(
      int inRate, int outRate, ResampleQuality quality, double thdnDb, double aliasDbfs)
      throws Exception {
    SineFit fit = resampleTone(inRate, outRate, quality, 997, 0.9);

    assertThat(fit.thdPlusNoiseDb()).isLessThanOrEqualTo(thdnDb);
    assertThat(fit.amplitude).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-4));
  }

  @ParameterizedTest(name = "{2} {0}->{1}")
  @MethodSource("cases")
  void process_passband_isFlatToPoint9AndMinus3dBAtPoint95OrAbove(
      int inRate, int outRate, ResampleQuality quality, double thdnDb, double aliasDbfs)
      throws Exception {
    double nyquist = Math.min(inRate, outRate) / 2.0;
    for (double fraction : new double[] {0.02, 0.25, 0.5, 0.7, 0.8, 0.85, 0.9}) {
      double gainDb = gainDb(inRate, outRate, quality, fraction * nyquist);
      assertThat(Math.abs(gainDb)).as("|gain| at %.2f of Nyquist, dB", fraction)
          .isLessThanOrEqualTo(0.01);
    }
    assertThat(gainDb(inRate, outRate, quality, 0.95 * nyquist)).as("gain at 0.95, dB")
        .isGreaterThanOrEqualTo(-3.0);
  }

  @ParameterizedTest(name = "{2} {0}->{1}")
  @MethodSource("cases")
  void process_tonesAcrossTheBand_keepAliasesAndImagesBelowTarget(
      int inRate, int outRate, ResampleQuality quality, double thdnDb, double aliasDbfs)
      throws Exception {
    double worst = worstAliasOrImageDbfs(inRate, outRate, quality);

    assertThat(worst).isLessThanOrEqualTo(aliasDbfs);
  }

  /**
   * The worst level that is not the input tone. Downsampling: tones above the output Nyquist
   * must vanish, so the whole output is alias. Upsampling: tones in the input band keep their
   * frequency; what remains after removing them is image (and noise).
   */
  static double worstAliasOrImageDbfs(int inRate, int outRate, ResampleQuality quality)
      throws UnsupportedFormatException {
    double worst = Double.NEGATIVE_INFINITY;
    double inNyquist = inRate / 2.0;
    double outNyquist = outRate / 2.0;
    for (int t = 0; t < ALIAS_TONES; t++) {
      if (outRate < inRate) {
        // From just above the output Nyquist (the hardest tone) to the input Nyquist.
        double f = t == 0 ? outNyquist * 1.0005
            : outNyquist + (inNyquist - outNyquist) * t / ALIAS_TONES;
        float[] y = resample(inRate, outRate, quality, TestSignals.sine(f, 1.0, inRate,
            frames(inRate)));
        int skip = skip(inRate, outRate, quality);
        double sum = 0;
        for (int i = skip; i < y.length - skip; i++) {
          sum += (double) y[i] * y[i];
        }
        worst = Math.max(worst, 20 * Math.log10(Math.sqrt(2 * sum / (y.length - 2 * skip))));
      } else {
        // Up to just below the input Nyquist (whose image lands just above it).
        double f = t == ALIAS_TONES - 1 ? inNyquist * 0.9995
            : inNyquist * (t + 0.5) / ALIAS_TONES;
        worst = Math.max(worst, resampleTone(inRate, outRate, quality, f, 1.0).residualDbfs());
      }
    }
    return worst;
  }

  static double gainDb(int inRate, int outRate, ResampleQuality quality, double frequencyHz)
      throws UnsupportedFormatException {
    return 20 * Math.log10(resampleTone(inRate, outRate, quality, frequencyHz, 0.5).amplitude
        / 0.5);
  }

  static SineFit resampleTone(int inRate, int outRate, ResampleQuality quality,
      double frequencyHz, double amplitude) throws UnsupportedFormatException {
    float[] y = resample(inRate, outRate, quality,
        TestSignals.sine(frequencyHz, amplitude, inRate, frames(inRate)));
    int skip = skip(inRate, outRate, quality);
    return SineFit.of(y, frequencyHz, outRate, skip, y.length - skip);
  }

  static float[] resample(int inRate, int outRate, ResampleQuality quality, float[] input)
      throws UnsupportedFormatException {
    return NodeRuns.whole(new ResampleNode(new ResampleConfig(outRate, quality)),
        AudioFormat.f32(inRate, 1), input);
  }

  private static int frames(int inRate) {
    return inRate * 3 / 10;
  }

  /**
   * 40 ms of output at each end: longer than half the longest filter tested (8 kHz input, 219
   * taps: 14 ms), so only the steady state is measured.
   */
  static int skip(int inRate, int outRate, ResampleQuality quality) {
    return outRate / 25;
  }
}
