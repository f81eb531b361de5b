package io.remotemedia.audio.internal.fft;

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
    double[] x = new double[n];
    float[] noise = TestSignals.whiteNoise(640, 1.0, 4);
    for (int t = 0; t < noise.length; t++) {
      x[t] = noise[t];
    }
    double[] re = new double[n / 2 + 1];
    double[] im = new double[n / 2 + 1];

    new RealFft(n).forward(x, re, im);

    for (int k = 0; k <= n / 2; k++) {
      double expectedRe = 0;
      double expectedIm = 0;
      for (int t = 0; t < n; t++) {
        double angle = -2 * Math.PI * ((long) k * t % n) / n;
        expectedRe += x[t] * Math.cos(angle);
        expectedIm += x[t] * Math.sin(angle);
      }
      // Bins are sums of 640 terms of size ~1: double rounding stays far below 1e-9.
      assertThat(re[k]).as("re[%d]", k).isCloseTo(expectedRe, within(1e-9));
      assertThat(im[k]).as("im[%d]", k).isCloseTo(expectedIm, within(1e-9));
    }
  }

  @Test
  void forward_smallSize_matchesADirectDftInDoublePrecision() {
    int n = 8;
    double[] x = {0.5, -1, 0.25, 2, -0.75, 0, 1, -0.125};
    double[] re = new double[n / 2 + 1];
    double[] im = new double[n / 2 + 1];

    new RealFft(n).forward(x, re, im);

    for (int k = 0; k <= n / 2; k++) {
      double expectedRe = 0;
      double expectedIm = 0;
      for (int t = 0; t < n; t++) {
        double angle = -2 * Math.PI * k * t / n;
        expectedRe += x[t] * Math.cos(angle);
        expectedIm += x[t] * Math.sin(angle);
      }
      assertThat(re[k]).as("re[%d]", k).isCloseTo(expectedRe, within(1e-9));
      assertThat(im[k]).as("im[%d]", k).isCloseTo(expectedIm, within(1e-9));
    }
  }

  @Test
  void constructor_sizeNotAPowerOfTwo_isRejected() {
    assertThatThrownBy(() -> new RealFft(48))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("real FFT size must be a power of two >= 8, was 48");
  }
}
