package io.remotemedia.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpectralShapeSpreadTest {
  /** 16 kHz, FFT of 1024: 15.625 Hz per bin; the band ends at 7.2 kHz, bin 460. */
  private static final double BIN_HZ = 15.625;
  private static final int LAST_BIN = 460;

  /** A spectrum with each band's power in one bin (300 Hz, 1 kHz, 2.5 kHz, 5 kHz). */
  private static float[] spectrum(float... bandPowers) {
    float[] power = new float[513];
    int[] bins = {19, 64, 160, 320};
    for (int b = 0; b < bins.length; b++) {
      power[bins[b]] = bandPowers[b];
    }
    return power;
  }

  @Test
  void update_sameShapeAtAnyLevel_hasNoSpread() {
    SpectralShapeSpread spread = new SpectralShapeSpread(BIN_HZ, LAST_BIN);
    float last = -1f;
    for (int hop = 0; hop < 60; hop++) {
      // Amplitude-modulated: 20 dB up and down, the shape unchanged.
      float gain = hop % 2 == 0 ? 1f : 100f;
      last = spread.update(spectrum(gain, 2 * gain, 4 * gain, 8 * gain), false);
    }

    assertThat(last).isCloseTo(0f, within(1e-3f));
  }

  @Test
  void update_alternatingShapes_isTheMeanOfTheBandsDeviations() {
    SpectralShapeSpread spread = new SpectralShapeSpread(BIN_HZ, LAST_BIN);
    float last = -1f;
    for (int hop = 0; hop < SpectralShapeSpread.HOPS; hop++) {
      last = hop % 2 == 0 ? spread.update(spectrum(1, 1, 1, 1), false)
          : spread.update(spectrum(1, 1, 1, 13), false);
    }

    // Bands 1 to 3: -6.02 and -12.04 dB of the total, deviation 3.01 dB; band 4: -6.02 and
    // -0.90 dB, deviation 2.56 dB; their mean 2.897 dB.
    double expected = (3 * 10 * Math.log10(4) / 2 + 10 * Math.log10(13.0 / 4) / 2) / 4;
    assertThat((double) last).isCloseTo(expected, within(1e-3));
  }

  @Test
  void update_firstHop_isZero_andSilenceIsNotTaken() {
    SpectralShapeSpread spread = new SpectralShapeSpread(BIN_HZ, LAST_BIN);

    assertThat(spread.update(spectrum(1, 1, 1, 1), false)).isZero();
    assertThat(spread.update(new float[513], true)).isZero(); // still one hop taken
    assertThat(spread.update(spectrum(1, 1, 1, 13), false)).isPositive();
  }

  @Test
  void update_afterAWindowOfDigitalSilence_startsAgain() {
    SpectralShapeSpread shorter = new SpectralShapeSpread(BIN_HZ, LAST_BIN);
    SpectralShapeSpread longer = new SpectralShapeSpread(BIN_HZ, LAST_BIN);
    for (SpectralShapeSpread spread : new SpectralShapeSpread[] {shorter, longer}) {
      spread.update(spectrum(1, 1, 1, 1), false);
      spread.update(spectrum(1, 1, 1, 13), false);
    }
    for (int hop = 0; hop < SpectralShapeSpread.HOPS - 1; hop++) {
      shorter.update(new float[513], true);
      longer.update(new float[513], true);
    }
    longer.update(new float[513], true);

    // What came before a gap shorter than the window still counts; after a window, it does not.
    assertThat(shorter.update(spectrum(1, 1, 1, 1), false)).isPositive();
    assertThat(longer.update(spectrum(1, 1, 1, 1), false)).isZero();
  }
}
