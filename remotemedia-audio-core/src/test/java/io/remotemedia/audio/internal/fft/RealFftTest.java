package io.remotemedia.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.TestSignals;
import org.junit.jupiter.api.Test;

class RealFftTest {

  @Test
  void forward_matchesADirectDftInDoublePrecision() {
    int n = 1024;
    // The detector's use: 640 windowed samples zero-padded to 1024.
    float[] x = new float[n];
    float[] noise = TestSignals.whiteNoise(640, 1.0, 4);
    System.arraycopy(noise, 0, x, 0, noise.length);
    float[] re = new float[n / 2 + 1];
    float[] im = new float[n / 2 + 1];

    new RealFft(n).forward(x, re, im);

    for (int k = 0; k <= n / 2; k++) {
      double expectedRe = 0;
      double expectedIm = 0;
      for (int t = 0; t < n; t++) {
        double angle = -2 * Math.PI * ((long) k * t % n) / n;
        expectedRe += x[t] * Math.cos(angle);
        expectedIm += x[t] * Math.sin(angle);
      }
      // Bins are sums of 640 terms of size ~1: float rounding stays far below 1e-3.
      assertThat((double) re[k]).as("re[%d]", k).isCloseTo(expectedRe, within(1e-3));
      assertThat((double) im[k]).as("im[%d]", k).isCloseTo(expectedIm, within(1e-3));
    }
  }

  @Test
  void forward_smallSize_matchesADirectDftInDoublePrecision() {
    int n = 8;
    float[] x = {0.5f, -1f, 0.25f, 2f, -0.75f, 0f, 1f, -0.125f};
    float[] re = new float[n / 2 + 1];
    float[] im = new float[n / 2 + 1];

    new RealFft(n).forward(x, re, im);

    for (int k = 0; k <= n / 2; k++) {
      double expectedRe = 0;
      double expectedIm = 0;
      for (int t = 0; t < n; t++) {
        double angle = -2 * Math.PI * k * t / n;
        expectedRe += x[t] * Math.cos(angle);
        expectedIm += x[t] * Math.sin(angle);
      }
      assertThat((double) re[k]).as("re[%d]", k).isCloseTo(expectedRe, within(1e-6));
      assertThat((double) im[k]).as("im[%d]", k).isCloseTo(expectedIm, within(1e-6));
    }
  }

  @Test
  void constructor_sizeNotAPowerOfTwo_isRejected() {
    assertThatThrownBy(() -> new RealFft(48))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("real FFT size must be a power of two >= 4, was 48");
  }
}
