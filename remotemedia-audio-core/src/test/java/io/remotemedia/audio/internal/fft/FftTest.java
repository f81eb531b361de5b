package io.remotemedia.audio.internal.fft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {
  @Test
  void forward_matchesTheDefinitionForEverySize() {
    Random random = new Random(5);
    // Even and odd powers of two: the last radix-2 stage runs only for odd ones.
    for (int size = 4; size <= 1024; size <<= 1) {
      double[] re = new double[size];
      double[] im = new double[size];
      for (int i = 0; i < size; i++) {
        re[i] = random.nextGaussian();
        im[i] = random.nextGaussian();
      }
      double[] expectedRe = new double[size];
      double[] expectedIm = new double[size];
      for (int k = 0; k < size; k++) {
        for (int n = 0; n < size; n++) {
          double angle = -2 * Math.PI * ((long) k * n % size) / size;
          expectedRe[k] += re[n] * Math.cos(angle) - im[n] * Math.sin(angle);
          expectedIm[k] += re[n] * Math.sin(angle) + im[n] * Math.cos(angle);
        }
      }

      new Fft(size).forward(re, im);

      for (int k = 0; k < size; k++) {
        assertThat(re[k]).as("size %d bin %d", size, k).isCloseTo(expectedRe[k], within(1e-9));
        assertThat(im[k]).as("size %d bin %d", size, k).isCloseTo(expectedIm[k], within(1e-9));
      }
    }
  }

  @Test
  void inverse_ofForward_isTheInputTimesSize() {
    Random random = new Random(6);
    double[] re = new double[512];
    double[] im = new double[512];
    for (int i = 0; i < re.length; i++) {
      re[i] = random.nextGaussian();
      im[i] = random.nextGaussian();
    }
    double[] re0 = re.clone();
    double[] im0 = im.clone();
    Fft fft = new Fft(512);

    fft.forward(re, im);
    fft.inverse(re, im);

    for (int i = 0; i < re.length; i++) {
      assertThat(re[i] / 512).isCloseTo(re0[i], within(1e-12));
      assertThat(im[i] / 512).isCloseTo(im0[i], within(1e-12));
    }
  }

  @Test
  void forwardReordered_ofBitReversedInput_equalsForward() {
    Random random = new Random(7);
    Fft fft = new Fft(256);
    double[] re = new double[256];
    double[] im = new double[256];
    double[] permutedRe = new double[256];
    double[] permutedIm = new double[256];
    for (int n = 0; n < 256; n++) {
      re[n] = random.nextGaussian();
      im[n] = random.nextGaussian();
      permutedRe[fft.bitReversed(n)] = re[n];
      permutedIm[fft.bitReversed(n)] = im[n];
    }

    fft.forward(re, im);
    fft.forwardReordered(permutedRe, permutedIm);

    assertThat(permutedRe).containsExactly(re);
    assertThat(permutedIm).containsExactly(im);
  }

  @Test
  void constructor_sizeNotAPowerOfTwo_isRejected() {
    assertThatThrownBy(() -> new Fft(48))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FFT size must be a power of two >= 4, was 48");
  }
}
