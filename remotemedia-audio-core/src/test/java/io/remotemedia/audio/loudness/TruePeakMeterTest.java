package io.remotemedia.audio.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TruePeakMeterTest {

  /**
   * A sine at fs/4 with a 45 degree phase offset: every sample is at A/sqrt(2), the peak A.
   * It fades in and out over 1000 samples (raised cosine), because an abrupt start or end is
   * itself a band-limited overshoot above A, which a true-peak meter rightly reports.
   */
  private static float[] quarterRateSine(double amplitude, int frames) {
    float[] out = new float[frames];
    int fade = 1000;
    for (int n = 0; n < frames; n++) {
      double edge = Math.min(n, frames - 1 - n);
      double envelope = edge >= fade ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * edge / fade);
      out[n] = (float) (envelope * amplitude * Math.sin(Math.PI / 2 * n + Math.PI / 4));
    }
    return out;
  }

  @Test
  void truePeak_quarterRateSineAt45Degrees_findsThePeakBetweenSamples() {
    TruePeakMeter meter = new TruePeakMeter(1);
    meter.accept(quarterRateSine(0.5, 4800), 4800);

    assertThat(20 * Math.log10(meter.samplePeak())).isCloseTo(
        20 * Math.log10(0.5 / Math.sqrt(2)), within(1e-5));
    // Analytic true peak: 0.5 = -6.02 dBFS, 3.01 dB above the sample peak.
    assertThat(meter.truePeakDbtp()).isCloseTo(20 * Math.log10(0.5), within(0.1));
  }

  @Test
  void truePeak_lowFrequencySine_equalsItsAmplitude() {
    TruePeakMeter meter = new TruePeakMeter(1);
    float[] tone = new float[48000];
    for (int n = 0; n < tone.length; n++) {
      tone[n] = (float) (0.8 * Math.sin(2 * Math.PI * 997 * n / 48000 + 0.3));
    }
    meter.accept(tone, tone.length);

    assertThat(meter.truePeak()).isCloseTo(0.8, within(0.8 * 0.002));
  }

  @Test
  void truePeak_lastSamplesOfTheStream_areCovered() {
    // A single full-scale sample at the very end: the interpolated values around it only come
    // out of the filter after it, so they must be read from the tail.
    TruePeakMeter meter = new TruePeakMeter(2);
    float[] frames = new float[2 * 100];
    frames[2 * 99 + 1] = -1f;
    meter.accept(frames, 100);

    assertThat(meter.truePeak()).isCloseTo(1.0, within(1e-12));
    assertThat(meter.samplePeak()).isEqualTo(1.0);
  }

  @Test
  void accept_inRandomChunks_givesTheSamePeaks() {
    float[] noise = TestSignals.whiteNoise(2 * 20000, 0.9, 12);
    TruePeakMeter reference = new TruePeakMeter(2);
    reference.accept(noise, 20000);

    Random random = new Random(1);
    for (int run = 0; run < 5; run++) {
      TruePeakMeter meter = new TruePeakMeter(2);
      int offset = 0;
      for (int frames : NodeRuns.randomChunks(random, 20000, 999)) {
        float[] chunk = new float[frames * 2];
        System.arraycopy(noise, offset * 2, chunk, 0, frames * 2);
        meter.accept(chunk, frames);
        offset += frames;
      }
      assertThat(meter.truePeak()).isEqualTo(reference.truePeak());
      assertThat(meter.samplePeak()).isEqualTo(reference.samplePeak());
    }
  }

  @Test
  void accept_nanSamples_areSkipped() {
    TruePeakMeter meter = new TruePeakMeter(1);
    meter.accept(new float[] {0.25f, Float.NaN, Float.POSITIVE_INFINITY, -0.5f}, 4);

    assertThat(meter.samplePeak()).isEqualTo(0.5);
    assertThat(Double.isFinite(meter.truePeak())).isTrue();
  }

  @Test
  void phases_haveUnitDcGainAndPhaseZeroIsTheInput() {
    double[][] h = OversamplingFilter.phases();
    for (int p = 0; p < OversamplingFilter.FACTOR; p++) {
      double sum = 0;
      for (double tap : h[p]) {
        sum += tap;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-12));
    }
    for (int j = 0; j < OversamplingFilter.TAPS_PER_PHASE; j++) {
      assertThat(h[0][j]).isCloseTo(j == 6 ? 1.0 : 0.0, within(1e-15));
    }
  }
}
