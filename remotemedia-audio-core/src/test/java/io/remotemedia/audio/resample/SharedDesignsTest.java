package io.remotemedia.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.node.UnsupportedFormatException;
import org.junit.jupiter.api.Test;

class SharedDesignsTest {
  private static final AudioFormat IN = AudioFormat.f32(44_100, 1);
  private static final int CHUNK = 441;

  @Test
  void configure_secondNodeOfTheSameConversion_designsNothingNew()
      throws UnsupportedFormatException {
    new ResampleNode(new ResampleConfig(16_000, ResampleQuality.HIGH)).configure(IN, CHUNK);
    int designs = SharedDesigns.size();

    new ResampleNode(new ResampleConfig(16_000, ResampleQuality.HIGH)).configure(IN, CHUNK);

    assertThat(SharedDesigns.size()).isEqualTo(designs);
  }

  @Test
  void twoNodesSharingDesigns_interleaved_eachGiveWhatTheyGiveAlone()
      throws UnsupportedFormatException {
    float[] tone = TestSignals.sine(1000, 0.5, 44_100, 44_100);
    float[] noise = TestSignals.whiteNoise(44_100, 0.3, 7);
    float[] toneAlone = NodeRuns.whole(node(), IN, tone);
    float[] noiseAlone = NodeRuns.whole(node(), IN, noise);

    ResampleNode a = node();
    ResampleNode b = node();
    a.configure(IN, CHUNK);
    b.configure(IN, CHUNK);
    float[] outA = new float[toneAlone.length];
    float[] outB = new float[noiseAlone.length];
    float[] scratch = new float[(int) Math.max(a.maxOutputFrames(CHUNK), a.maxFlushFrames())];
    int writtenA = 0;
    int writtenB = 0;
    float[] chunk = new float[CHUNK];
    for (int start = 0; start < tone.length; start += CHUNK) {
      System.arraycopy(tone, start, chunk, 0, CHUNK);
      int n = a.process(chunk, CHUNK, scratch);
      System.arraycopy(scratch, 0, outA, writtenA, n);
      writtenA += n;
      System.arraycopy(noise, start, chunk, 0, CHUNK);
      n = b.process(chunk, CHUNK, scratch);
      System.arraycopy(scratch, 0, outB, writtenB, n);
      writtenB += n;
    }
    int n = a.flush(scratch);
    System.arraycopy(scratch, 0, outA, writtenA, n);
    n = b.flush(scratch);
    System.arraycopy(scratch, 0, outB, writtenB, n);

    assertThat(outA).containsExactly(toneAlone);
    assertThat(outB).containsExactly(noiseAlone);
  }

  @Test
  void get_moreDistinctDesignsThanTheLimit_keepsOnlyTheLimit() {
    for (int i = 0; i < SharedDesigns.MAX_ENTRIES + 10; i++) {
      PolyphaseFilter.designed(8_000 + i, 16_000, 3_000, 1_000, 60);
    }

    assertThat(SharedDesigns.size()).isEqualTo(SharedDesigns.MAX_ENTRIES);
  }

  private static ResampleNode node() {
    return new ResampleNode(new ResampleConfig(16_000, ResampleQuality.HIGH));
  }
}
