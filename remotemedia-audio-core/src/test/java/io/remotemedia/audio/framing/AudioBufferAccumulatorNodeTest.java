package io.remotemedia.audio.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioBufferAccumulatorNodeTest {
  private static final AudioFormat STEREO = AudioFormat.f32(16000, 2);

  @Test
  void process_inRandomChunks_emitsWholeBlocksAndTheSameSamples() throws Exception {
    // 20 ms at 16 kHz = 320 frames per block.
    AudioBufferAccumulatorConfig config = new AudioBufferAccumulatorConfig(20);
    float[] input = TestSignals.whiteNoise(2 * 10_000, 1.0, 5);

    Random random = new Random(4);
    for (int run = 0; run < 20; run++) {
      int[] chunks = NodeRuns.randomChunks(random, 10_000, 1000);
      assertThat(NodeRuns.chunked(new AudioBufferAccumulatorNode(config), STEREO, input, chunks))
          .isEqualTo(input);
      CallRecorder calls = new CallRecorder();
      calls.run(new AudioBufferAccumulatorNode(config), STEREO, input, chunks);
      assertThat(calls.processWrites).allMatch(n -> n % 320 == 0);
      // 10000 = 31 x 320 + 80: 31 blocks from process, an 80-frame tail from flush.
      assertThat(calls.processWrites.stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(31 * 320);
      assertThat(calls.flushWrites).isEqualTo(80);
    }
  }

  @Test
  void process_smallChunks_releaseABlockExactlyWhenItIsComplete() throws Exception {
    CallRecorder calls = new CallRecorder();
    calls.run(new AudioBufferAccumulatorNode(new AudioBufferAccumulatorConfig(1)),
        AudioFormat.f32(8000, 1), new float[20], new int[] {3, 3, 2, 7, 1, 4});

    // 1 ms at 8 kHz = 8 frames; totals 3, 6, 8, 15, 16, 20.
    assertThat(calls.processWrites).containsExactly(0, 0, 8, 0, 8, 0);
    assertThat(calls.flushWrites).isEqualTo(4);
  }

  @Test
  void latencyAndBounds_areOneBlockMinusAFrame() throws Exception {
    AudioBufferAccumulatorNode node =
        new AudioBufferAccumulatorNode(new AudioBufferAccumulatorConfig(10));
    node.configure(AudioFormat.f32(48000, 1), 1000);

    assertThat(node.latencyFrames()).isEqualTo(479);
    assertThat(node.maxFlushFrames()).isEqualTo(479);
    assertThat(node.maxOutputFrames(1000)).isEqualTo(960 + 480);
    assertThat(node.maxOutputFrames(0)).isZero();
  }

  @Test
  void config_outOfRange_namesTheParameter() {
    assertThatThrownBy(() -> new AudioBufferAccumulatorConfig(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration_ms must be in [1.0, 60000.0], was 0.5");
  }
}
