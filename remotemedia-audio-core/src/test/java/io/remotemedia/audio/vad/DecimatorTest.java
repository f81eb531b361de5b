package io.remotemedia.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimatorTest {

  private static double rms(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  @Test
  void process_48kTo16k_passesSpeechBandAndRejectsAliases() {
    Decimator decimator = new Decimator(3, 1);
    float[] pass = TestSignals.sine(1000, 0.5, 48000, 48000);
    float[] stop = TestSignals.sine(12000, 0.5, 48000, 48000); // would alias to 4 kHz
    float[] out = new float[16000];

    decimator.process(pass, 0, pass.length, out, 0);
    double passRms = rms(out, 100, 16000);
    decimator.reset();
    decimator.process(stop, 0, stop.length, out, 0);
    double stopRms = rms(out, 100, 16000);

    assertThat(passRms).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
    assertThat(20 * Math.log10(stopRms / (0.5 / Math.sqrt(2)))).isLessThan(-60);
  }

  @Test
  void process_stereo_averagesTheChannels() {
    Decimator decimator = new Decimator(1, 2);
    float[] out = new float[2];

    int written = decimator.process(new float[] {0.2f, 0.4f, -1f, 0f}, 0, 2, out, 0);

    assertThat(written).isEqualTo(2);
    assertThat(out[0]).isCloseTo(0.3f, within(1e-7f));
    assertThat(out[1]).isCloseTo(-0.5f, within(1e-7f));
  }

  @Test
  void process_anyChunking_givesBitIdenticalOutput() {
    for (int factor = 2; factor <= 3; factor++) {
      // Longer than one internal pass, so passes and chunks both split the stream.
      float[] stereo = TestSignals.interleave(TestSignals.whiteNoise(4001, 0.5, 7),
          TestSignals.whiteNoise(4001, 0.5, 8));
      float[] whole = new float[4001 / factor];
      int wholeCount = new Decimator(factor, 2).process(stereo, 0, 4001, whole, 0);

      Decimator oneByOne = new Decimator(factor, 2);
      float[] single = new float[whole.length];
      int singleCount = 0;
      for (int f = 0; f < 4001; f++) {
        singleCount += oneByOne.process(stereo, f, 1, single, singleCount);
      }
      Decimator chunked = new Decimator(factor, 2);
      float[] random = new float[whole.length];
      int randomCount = 0;
      int at = 0;
      for (int chunk : NodeRuns.randomChunks(new Random(factor), 4001, 1111)) {
        randomCount += chunked.process(stereo, at, chunk, random, randomCount);
        at += chunk;
      }

      assertThat(wholeCount).isEqualTo(4001 / factor);
      assertThat(singleCount).isEqualTo(wholeCount);
      assertThat(randomCount).isEqualTo(wholeCount);
      assertThat(single).containsExactly(whole);
      assertThat(random).containsExactly(whole);
    }
  }
}
