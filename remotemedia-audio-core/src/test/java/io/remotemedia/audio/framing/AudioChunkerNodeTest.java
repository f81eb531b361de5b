package io.remotemedia.audio.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioChunkerNodeTest {
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);

  private static float[] ramp(int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = i;
    }
    return out;
  }

  /** The blocks the chunker must produce, built from the definition, frame by frame. */
  private static float[] expectedBlocks(float[] mono, int size, int overlap, boolean pad) {
    int hop = size - overlap;
    int n = mono.length;
    int full = n >= size ? (n - size) / hop + 1 : 0;
    int coveredEnd = full == 0 ? 0 : (full - 1) * hop + size;
    boolean extra = pad && coveredEnd < n;
    int blocks = full + (extra ? 1 : 0);
    float[] out = new float[blocks * size];
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < size; j++) {
        int source = b * hop + j;
        out[b * size + j] = source < n ? mono[source] : 0f;
      }
    }
    return out;
  }

  @Test
  void process_noOverlap_dropsTheRemainderUnlessPadded() throws Exception {
    assertThat(NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(4, 0, false)), MONO,
        ramp(10))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(4, 0, true)), MONO,
        ramp(10))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0);
  }

  @Test
  void process_withOverlap_repeatsTheSharedFrames() throws Exception {
    assertThat(NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(4, 2, true)), MONO,
        ramp(10))).containsExactly(0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7, 8, 9);
    assertThat(NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(4, 2, true)), MONO,
        ramp(11))).containsExactly(0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7, 8, 9, 8, 9, 10, 0);
  }

  @Test
  void process_inputShorterThanABlock_emitsOnlyAPaddedBlock() throws Exception {
    assertThat(NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(8, 3, false)), MONO,
        ramp(5))).isEmpty();
    assertThat(NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(8, 3, true)), MONO,
        ramp(5))).containsExactly(0, 1, 2, 3, 4, 0, 0, 0);
    assertThat(NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(8, 3, true)), MONO,
        new float[0])).isEmpty();
  }

  @Test
  void process_stereo_keepsFramesTogether() throws Exception {
    float[] left = ramp(7);
    float[] right = ramp(7);
    for (int i = 0; i < 7; i++) {
      right[i] = -right[i];
    }
    float[] out = NodeRuns.whole(new AudioChunkerNode(new AudioChunkerConfig(3, 1, true)),
        AudioFormat.f32(16000, 2), TestSignals.interleave(left, right));

    assertThat(TestSignals.channel(out, 2, 0)).containsExactly(expectedBlocks(left, 3, 1, true));
    assertThat(TestSignals.channel(out, 2, 1)).containsExactly(expectedBlocks(right, 3, 1, true));
  }

  @Test
  void process_inRandomChunks_matchesTheDefinitionAndWritesWholeBlocks() throws Exception {
    Random random = new Random(21);
    for (int run = 0; run < 30; run++) {
      int size = 1 + random.nextInt(300);
      int overlap = random.nextInt(size);
      boolean pad = random.nextBoolean();
      int frames = random.nextInt(5000);
      float[] input = TestSignals.whiteNoise(frames, 1.0, run);
      AudioChunkerConfig config = new AudioChunkerConfig(size, overlap, pad);
      int[] chunks = NodeRuns.randomChunks(random, frames, 700);

      float[] expected = expectedBlocks(input, size, overlap, pad);
      assertThat(NodeRuns.chunked(new AudioChunkerNode(config), MONO, input, chunks))
          .as("%s, %d frames", config, frames).isEqualTo(expected);
      CallRecorder calls = new CallRecorder();
      calls.run(new AudioChunkerNode(config), MONO, input, chunks);
      assertThat(calls.processWrites).allMatch(n -> n % size == 0);
      assertThat(calls.flushWrites).isIn(0, pad ? size : 0);
    }
  }

  @Test
  void maxOutputFrames_boundsTheWorstCase() throws Exception {
    AudioChunkerNode node = new AudioChunkerNode(new AudioChunkerConfig(10, 7, false));
    node.configure(MONO, 9);

    // hop 3: 9 new frames complete at most ceil(9 / 3) = 3 blocks.
    assertThat(node.maxOutputFrames(9)).isEqualTo(30);
    assertThat(node.maxOutputFrames(0)).isZero();
    assertThat(node.latencyFrames()).isEqualTo(9);
    assertThat(node.maxFlushFrames()).isZero();
  }

  @Test
  void configure_outputTooLargeForAnArray_isRefused() {
    AudioChunkerNode node = new AudioChunkerNode(new AudioChunkerConfig(1 << 20, (1 << 20) - 1,
        false));

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(48000, 2), 8192))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage("unsupported input format (48000 Hz, 2 ch, F32): frame_size 1048576 with"
            + " overlap 1048575 turns 8192 input frames into 17179869184 output samples, more"
            + " than an array holds");
  }

  @Test
  void config_outOfRange_namesTheParameter() {
    assertThatThrownBy(() -> new AudioChunkerConfig(0, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame_size must be in [1, 1048576], was 0");
    assertThatThrownBy(() -> new AudioChunkerConfig(256, 256, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("overlap must be in [0, frame_size - 1 = 255], was 256");
  }
}
