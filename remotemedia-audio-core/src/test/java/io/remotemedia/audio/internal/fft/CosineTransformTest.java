package io.remotemedia.audio.internal.fft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.TestSignals;
import org.junit.jupiter.api.Test;

class CosineTransformTest {

  @Test
  void inverseEven_matchesADirectCosineSumInDoublePrecision() {
    int n = 1024;
    // The detector's use: a non-negative spectrum, non-zero in a band only.
    double[] spectrum = new double[n / 2 + 1];
    float[] noise = TestSignals.whiteNoise(n / 2 + 1, 1.0, 5);
    for (int k = 2; k <= 192; k++) {
      spectrum[k] = noise[k] * noise[k];
    }
    spectrum[0] = 0.5;
    spectrum[n / 2] = 0.25;
    double[] out = new double[n / 2 + 1];

    new CosineTransform(n).inverseEven(spectrum, out);

    for (int t = 0; t <= n / 2; t++) {
      double expected = 0;
      for (int k = 0; k < n; k++) {
        expected += spectrum[Math.min(k, n - k)] * Math.cos(2 * Math.PI * ((long) k * t % n) / n);
      }
      assertThat(out[t]).as("out[%d]", t).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void inverseEven_smallSize_matchesADirectCosineSumInDoublePrecision() {
    int n = 16;
    double[] spectrum = {1, -0.5, 2, 0.25, 0, -1.5, 0.75, 3, -2};
    double[] out = new double[n / 2 + 1];

    new CosineTransform(n).inverseEven(spectrum, out);

    for (int t = 0; t <= n / 2; t++) {
      double expected = 0;
      for (int k = 0; k < n; k++) {
        expected += spectrum[Math.min(k, n - k)] * Math.cos(2 * Math.PI * k * t / n);
      }
      assertThat(out[t]).as("out[%d]", t).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void constructor_sizeNotAPowerOfTwo_isRejected() {
    assertThatThrownBy(() -> new CosineTransform(96))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cosine transform size must be a power of two >= 16, was 96");
  }
}
