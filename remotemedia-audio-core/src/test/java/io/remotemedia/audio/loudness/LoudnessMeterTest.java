package io.remotemedia.audio.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoudnessMeterTest {
  private static final double EBU_TOLERANCE_LU = 0.1;

  private static double stereo1k(int rate, double[] levels, double[] durations) {
    return Ebu3341Signals.lufs(rate, 2,
        Ebu3341Signals.steppedSine(rate, 2, 1000, levels, durations));
  }

  @Test
  void integratedLufs_ebu3341Case1_readsMinus23() {
    assertThat(stereo1k(48000, new double[] {-23}, new double[] {20}))
        .isCloseTo(-23.0, within(EBU_TOLERANCE_LU));
  }

  @Test
  void integratedLufs_ebu3341Case2_readsMinus33() {
    assertThat(stereo1k(48000, new double[] {-33}, new double[] {20}))
        .isCloseTo(-33.0, within(EBU_TOLERANCE_LU));
  }

  @Test
  void integratedLufs_ebu3341Case3_relativeGateDropsTheQuietParts() {
    // Ungated, the energy mean would read -24.0 LUFS; the relative gate (-33) drops the -36.
    assertThat(stereo1k(48000, new double[] {-36, -23, -36}, new double[] {10, 60, 10}))
        .isCloseTo(-23.0, within(EBU_TOLERANCE_LU));
  }

  @Test
  void integratedLufs_ebu3341Case4_bothGates() {
    assertThat(stereo1k(48000, new double[] {-72, -36, -23, -36, -72},
        new double[] {10, 10, 60, 10, 10})).isCloseTo(-23.0, within(EBU_TOLERANCE_LU));
  }

  @Test
  void integratedLufs_ebu3341Case5_gateBetweenLevels() {
    assertThat(stereo1k(48000, new double[] {-26, -20, -26}, new double[] {20, 20.1, 20}))
        .isCloseTo(-23.0, within(EBU_TOLERANCE_LU));
  }

  @Test
  void integratedLufs_at44100_readsTheSameAsAt48000() {
    assertThat(stereo1k(44100, new double[] {-23}, new double[] {20}))
        .isCloseTo(-23.0, within(EBU_TOLERANCE_LU));
    assertThat(stereo1k(44100, new double[] {-36, -23, -36}, new double[] {10, 60, 10}))
        .isCloseTo(-23.0, within(EBU_TOLERANCE_LU));
  }

  @Test
  void integratedLufs_fullScale997HzOnOneChannel_readsMinus3Point01() {
    // BS.1770-4: a 0 dBFS 997 Hz sine on the left, centre or right channel reads -3.01 LKFS.
    for (int rate : new int[] {48000, 44100}) {
      float[] left = TestSignals.sine(997, 1.0, rate, 5 * rate);
      float[] stereo = TestSignals.interleave(left, new float[left.length]);
      assertThat(Ebu3341Signals.lufs(rate, 2, stereo)).as("%d Hz", rate)
          .isCloseTo(-3.01, within(0.01));
    }
  }

  @Test
  void kWeighting_at48k_reproducesTheBs1770Table() {
    double[] shelf = KWeighting.shelfCoefficients(48000);
    double[] highPass = KWeighting.highPassCoefficients(48000);
    // ITU-R BS.1770-4, tables 1 and 2.
    double[] shelfTable = {1.53512485958697, -2.69169618940638, 1.19839281085285,
        -1.69065929318241, 0.73248077421585};
    double[] highPassTable = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};
    for (int i = 0; i < 5; i++) {
      assertThat(shelf[i]).as("shelf %d", i).isCloseTo(shelfTable[i], within(1e-8));
      assertThat(highPass[i]).as("high-pass %d", i).isCloseTo(highPassTable[i], within(1e-8));
    }
  }

  @Test
  void integratedLufs_surroundChannel_weighs1Point41AndLfeIsIgnored() {
    int rate = 48000;
    float[] tone = TestSignals.sine(1000, 0.1, rate, 3 * rate);
    float[] silent = new float[tone.length];
    double onLeft = Ebu3341Signals.lufs(rate, 6,
        TestSignals.interleave(tone, silent, silent, silent, silent, silent));
    double onSurround = Ebu3341Signals.lufs(rate, 6,
        TestSignals.interleave(silent, silent, silent, silent, tone, silent));
    double onLfe = Ebu3341Signals.lufs(rate, 6,
        TestSignals.interleave(silent, silent, silent, tone, silent, silent));

    assertThat(onSurround - onLeft).isCloseTo(10 * Math.log10(1.41), within(1e-9));
    assertThat(onLfe).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void integratedLufs_silenceOrUnder400ms_isNegativeInfinity() {
    assertThat(Ebu3341Signals.lufs(48000, 1, new float[48000])).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Ebu3341Signals.lufs(48000, 1, TestSignals.sine(1000, 0.5, 48000, 19199)))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Ebu3341Signals.lufs(48000, 1, TestSignals.sine(1000, 0.5, 48000, 19200)))
        .isGreaterThan(-10);
  }

  @Test
  void accept_inRandomChunks_givesTheSameReading() {
    int rate = 44100;
    float[] noise = TestSignals.whiteNoise(2 * 5 * rate, 0.3, 4);
    double whole = Ebu3341Signals.lufs(rate, 2, noise);

    Random random = new Random(3);
    for (int run = 0; run < 5; run++) {
      LoudnessMeter meter = new LoudnessMeter(rate, 2, 6);
      int offset = 0;
      for (int frames : NodeRuns.randomChunks(random, 5 * rate, 3000)) {
        float[] chunk = new float[frames * 2];
        System.arraycopy(noise, offset * 2, chunk, 0, frames * 2);
        meter.accept(chunk, frames);
        offset += frames;
      }
      assertThat(meter.integratedLufs()).isEqualTo(whole);
    }
  }

  @Test
  void accept_pastTheDeclaredDuration_throws() {
    LoudnessMeter meter = new LoudnessMeter(8000, 1, 1.0);

    assertThatThrownBy(() -> meter.accept(new float[8000 * 2], 8000 * 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LoudnessMeter holds at most 11 blocks (1.0 s); the stream is longer");
  }

  @Test
  void constructor_badValues_areRejected() {
    assertThatThrownBy(() -> new LoudnessMeter(999, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampleRateHz must be in [1000, 768000], was 999");
    assertThatThrownBy(() -> new LoudnessMeter(48000, new double[] {1, -1}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel weights must be in [0, 100], was -1.0");
  }
}
