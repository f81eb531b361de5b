package io.remotemedia.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.TestSignals;
import org.junit.jupiter.api.Test;

class FftTest {

  @Test
  void transform_matchesADirectDftInDoublePrecision() {
    int n = 64;
    float[] re = TestSignals.whiteNoise(n, 1.0, 1);
    float[] im = TestSignals.whiteNoise(n, 1.0, 2);
    double[] expectedRe = new double[n];
    double[] expectedIm = new double[n];
    for (int k = 0; k < n; k++) {
      for (int t = 0; t < n; t++) {
        double angle = -2 * Math.PI * k * t / n;
        expectedRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
        expectedIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
      }
    }

    new Fft(n).transform(re, im, false);

    for (int k = 0; k < n; k++) {
      assertThat((double) re[k]).isCloseTo(expectedRe[k], within(1e-4));
      assertThat((double) im[k]).isCloseTo(expectedIm[k], within(1e-4));
    }
  }

  @Test
  void transform_inverseOfForward_isTheInputTimesN() {
    int n = 1024;
    float[] input = TestSignals.whiteNoise(n, 1.0, 3);
    float[] re = input.clone();
    float[] im = new float[n];
    Fft fft = new Fft(n);

    fft.transform(re, im, false);
    fft.transform(re, im, true);

    for (int i = 0; i < n; i++) {
      assertThat(re[i] / n).isCloseTo(input[i], within(1e-5f));
      assertThat(im[i] / n).isCloseTo(0f, within(1e-5f));
    }
  }

  @Test
  void constructor_sizeNotAPowerOfTwo_isRejected() {
    assertThatThrownBy(() -> new Fft(48))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FFT size must be a power of two >= 2, was 48");
  }
}
