package io.remotemedia.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResampleNodeTest {
  private static final int[][] RATIOS = {
      {44100, 16000}, {48000, 16000}, {16000, 48000}, {8000, 16000}, {44100, 48000},
      {8000, 192000}, {192000, 8000}, {44056, 48000}, {22050, 44100}};

  @Test
  void process_inRandomChunks_writesExactlyRoundedLength() throws Exception {
    Random random = new Random(3);
    for (int[] ratio : RATIOS) {
      for (int run = 0; run < 6; run++) {
        int frames = random.nextInt(3000);
        float[] input = TestSignals.whiteNoise(frames, 0.5, run);
        int[] chunks = NodeRuns.randomChunks(random, frames, 1 + random.nextInt(700));

        float[] output = NodeRuns.chunked(node(ratio[1], ResampleQuality.QUICK),
            AudioFormat.f32(ratio[0], 1), input, chunks);

        long expected = Math.round((double) frames * ratio[1] / ratio[0]);
        assertThat(output.length).as("%d -> %d, %d frames", ratio[0], ratio[1], frames)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void process_inRandomChunks_isBitExactWithOneChunk() throws Exception {
    AudioFormat stereo = AudioFormat.f32(44100, 2);
    float[] input = TestSignals.interleave(TestSignals.sweep(20, 20000, 0.8, 44100, 6000),
        TestSignals.whiteNoise(6000, 0.7, 9));
    for (int target : new int[] {16000, 48000, 44056}) {
      float[] whole = NodeRuns.whole(node(target, ResampleQuality.HIGH), stereo, input);
      Random random = new Random(target);
      for (int run = 0; run < 8; run++) {
        int[] chunks = NodeRuns.randomChunks(random, 6000, 1 + random.nextInt(1500));

        float[] chunked = NodeRuns.chunked(node(target, ResampleQuality.HIGH), stereo, input,
            chunks);

        assertThat(chunked).containsExactly(whole);
      }
    }
  }

  @Test
  void process_chunksLongerThanABlock_areBitExactWithShortChunks() throws Exception {
    // A chunk past 4096 frames is filtered a block at a time: the result must not show where.
    int[][] ratios = {{192000, 8000}, {8000, 192000}, {44100, 16000}, {16000, 48000}};
    for (int[] ratio : ratios) {
      for (int channels : new int[] {1, 3}) {
        int frames = 3 * 4096 + 123;
        AudioFormat format = AudioFormat.f32(ratio[0], channels);
        float[] input = TestSignals.whiteNoise(frames * channels, 0.6, ratio[0] + channels);
        float[] whole = NodeRuns.whole(node(ratio[1], ResampleQuality.HIGH), format, input);
        int[] chunks = NodeRuns.randomChunks(new Random(ratio[1]), frames, 700);

        float[] chunked = NodeRuns.chunked(node(ratio[1], ResampleQuality.HIGH), format, input,
            chunks);

        // Arrays.equals, not containsExactly: AssertJ's diff of two long arrays takes minutes.
        assertThat(Arrays.equals(chunked, whole))
            .as("%d -> %d, %d channels: %d vs %d samples, first difference at %d", ratio[0],
                ratio[1], channels, chunked.length, whole.length, Arrays.mismatch(chunked, whole))
            .isTrue();
      }
    }
  }

  @Test
  void process_stereo_filtersEachChannelLikeMono() throws Exception {
    float[] left = TestSignals.sweep(50, 15000, 0.9, 48000, 4800);
    float[] right = TestSignals.whiteNoise(4800, 0.9, 4);

    float[] stereo = NodeRuns.whole(node(16000, ResampleQuality.HIGH), AudioFormat.f32(48000, 2),
        TestSignals.interleave(left, right));
    float[] monoRight = NodeRuns.whole(node(16000, ResampleQuality.HIGH),
        AudioFormat.f32(48000, 1), right);

    assertThat(TestSignals.channel(stereo, 2, 1)).containsExactly(monoRight);
    assertThat(TestSignals.channel(stereo, 2, 0)).isNotEqualTo(monoRight);
  }

  @Test
  void process_impulse_linesUpAndIsSymmetric() throws Exception {
    // 48 k -> 16 k: input frame 3000 is output frame 1000 exactly; 16 k -> 48 k: 1000 -> 3000.
    int[][] cases = {{48000, 16000, 3000, 1000}, {16000, 48000, 1000, 3000},
        {44100, 16000, 4410, 1600}};
    for (int[] c : cases) {
      float[] output = NodeRuns.whole(node(c[1], ResampleQuality.HIGH),
          AudioFormat.f32(c[0], 1), TestSignals.impulse(3 * c[2], c[2]));
      int peak = 0;
      for (int i = 1; i < output.length; i++) {
        if (Math.abs(output[i]) > Math.abs(output[peak])) {
          peak = i;
        }
      }
      assertThat(peak).as("%d -> %d", c[0], c[1]).isEqualTo(c[3]);
      // Linear phase: the response is even around the peak.
      for (int k = 1; k < 200; k++) {
        assertThat(output[peak - k]).isCloseTo(output[peak + k], within(1e-7f));
      }
    }
  }

  @Test
  void process_sine_hasNoDelayWithinAHundredthOfASample() throws Exception {
    int[][] ratios = {{44100, 16000}, {16000, 48000}, {44100, 48000}, {8000, 16000},
        {44056, 48000}};
    for (int[] ratio : ratios) {
      double frequency = 1234.5;
      float[] output = NodeRuns.whole(node(ratio[1], ResampleQuality.HIGH),
          AudioFormat.f32(ratio[0], 1), TestSignals.sine(frequency, 0.7, ratio[0],
              ratio[0] / 4));
      int skip = ResampleNodeQualityTest.skip(ratio[0], ratio[1], ResampleQuality.HIGH);

      // The input is sin(2πft) with phase 0 at t = 0; the output must be too.
      SineFit fit = SineFit.of(output, frequency, ratio[1], skip, output.length - skip);
      double delayOutputFrames = -fit.phase / (2 * Math.PI * frequency / ratio[1]);

      assertThat(delayOutputFrames).as("%d -> %d", ratio[0], ratio[1])
          .isCloseTo(0.0, within(0.01));
    }
  }

  @Test
  void process_awkwardRatio_staysBandLimited() throws Exception {
    // 44056 -> 48000 reduces to 6000/5507: more phases than the exact table holds, so phases
    // are interpolated. The image targets still hold: -140 dBFS (high), -145 (very_high).
    assertThat(ResampleNodeQualityTest.worstAliasOrImageDbfs(44056, 48000,
        ResampleQuality.HIGH)).isLessThanOrEqualTo(-140.0);
    assertThat(ResampleNodeQualityTest.worstAliasOrImageDbfs(44056, 48000,
        ResampleQuality.VERY_HIGH)).isLessThanOrEqualTo(-145.0);
    assertThat(ResampleNodeQualityTest.resampleTone(44056, 48000, ResampleQuality.VERY_HIGH, 997,
        0.9).thdPlusNoiseDb()).isLessThanOrEqualTo(-145.0);
  }

  @Test
  void process_lowerQualities_stillRejectAliases() throws Exception {
    // Designed stopbands: quick 80 dB, medium 110 dB; allow a few dB for the Kaiser estimate.
    assertThat(ResampleNodeQualityTest.worstAliasOrImageDbfs(44100, 16000,
        ResampleQuality.QUICK)).isLessThanOrEqualTo(-77.0);
    assertThat(ResampleNodeQualityTest.worstAliasOrImageDbfs(44100, 16000,
        ResampleQuality.MEDIUM)).isLessThanOrEqualTo(-107.0);
  }

  @Test
  void process_steadyState_allocatesNothing() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ResampleNode node = node(16000, ResampleQuality.HIGH);
    node.configure(AudioFormat.f32(44100, 2), 441);
    float[] in = TestSignals.whiteNoise(882, 0.5, 1);
    float[] out = new float[node.maxOutputFrames(441) * 2];
    float[] tail = new float[node.maxFlushFrames() * 2];
    for (int i = 0; i < 200; i++) {
      node.process(in, 441, out);
    }
    node.flush(tail);
    node.reset();
    long threadId = Thread.currentThread().getId();

    // A real allocation in process() shows in every round; a stray one from the JVM itself
    // (a deoptimisation on a loaded machine) does not, so the quietest round must be zero.
    long fewest = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long before = threads.getThreadAllocatedBytes(threadId);
      for (int i = 0; i < 500; i++) {
        node.process(in, i % 442, out);
      }
      node.flush(tail);
      node.reset();
      fewest = Math.min(fewest, threads.getThreadAllocatedBytes(threadId) - before);
    }

    assertThat(fewest).isZero();
  }

  @Test
  void process_zeroFrames_writesNothingAndEmptyStreamFlushesNothing() throws Exception {
    ResampleNode node = node(16000, ResampleQuality.HIGH);
    node.configure(AudioFormat.f32(44100, 1), 64);

    assertThat(node.process(new float[0], 0, new float[node.maxOutputFrames(0)])).isZero();
    assertThat(node.flush(new float[node.maxFlushFrames()])).isZero();
  }

  @Test
  void process_nanAndInfinity_finishWithExactLength() throws Exception {
    float[] input = TestSignals.sine(440, 0.5, 48000, 4800);
    input[100] = Float.NaN;
    input[200] = Float.POSITIVE_INFINITY;

    float[] output = NodeRuns.whole(node(16000, ResampleQuality.HIGH), AudioFormat.f32(48000, 1),
        input);

    assertThat(output).hasSize(1600);
    assertThat(output[1599]).isCloseTo(0f, within(1f)); // finite: the NaN has left the window
  }

  @Test
  void process_equalRates_passesSamplesThrough() throws Exception {
    float[] input = TestSignals.whiteNoise(3000, 1.0, 2);

    ResampleNode node = node(48000, ResampleQuality.HIGH);
    float[] output = NodeRuns.chunked(node, AudioFormat.f32(48000, 3), input,
        new int[] {333, 0, 667});

    assertThat(output).containsExactly(input);
    assertThat(node.latencyFrames()).isZero();
  }

  @Test
  void configure_returnsTargetRateAndReportsLatency() throws Exception {
    ResampleNode node = node(48000, ResampleQuality.HIGH);

    AudioFormat out = node.configure(new AudioFormat(44100, 2, SampleFormat.I16), 1024);

    assertThat(out).isEqualTo(new AudioFormat(48000, 2, SampleFormat.I16));
    // One stage: half of Kaiser's length estimate for 145 dB over a transition of 0.085 of
    // 22050 Hz, converted to output frames.
    double taps = (145 - 7.95) / (2.285 * 2 * Math.PI * 0.085 * 22050 / 44100);
    assertThat((double) node.latencyFrames()).isCloseTo(taps / 2 * 48000 / 44100, within(2.0));
    assertThat(node.tableBytes()).isPositive().isLessThan(1L << 20);
  }

  @Test
  void configure_twoStageDownsampling_reportsItsBlockAsLatency() throws Exception {
    ResampleNode node = node(16000, ResampleQuality.HIGH);

    node.configure(AudioFormat.f32(44100, 1), 1024);

    // At least half the sharp 32 kHz filter (about 450 taps), at most a quarter second.
    assertThat(node.latencyFrames()).isBetween(112, 4000);
  }

  @Test
  void configure_longChunks_keepsAHistoryOfABlockNotOfTheChunk() throws Exception {
    // Two-stage (44.1 -> 16 kHz) and one-stage (16 -> 48 kHz), 10 s and 60 s chunks of stereo.
    for (int[] ratio : new int[][] {{44100, 16000}, {16000, 48000}}) {
      AudioFormat stereo = AudioFormat.f32(ratio[0], 2);
      ResampleNode node = node(ratio[1], ResampleQuality.HIGH);
      long tenSeconds = node.bufferBytes(stereo, 10 * ratio[0]);
      long minute = node.bufferBytes(stereo, 60 * ratio[0]);

      assertThat(minute).as("%d -> %d", ratio[0], ratio[1]).isEqualTo(tenSeconds);
      // Besides the tables, less than one second of the input's samples as doubles.
      node.configure(stereo, 60 * ratio[0]);
      assertThat(minute - node.tableBytes()).as("%d -> %d", ratio[0], ratio[1])
          .isLessThan(2L * ratio[0] * Double.BYTES);
    }
  }

  @Test
  void configure_inputRateOutOfRange_throwsUnsupportedFormat() {
    ResampleNode node = node(16000, ResampleQuality.HIGH);

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(7999, 1), 10))
        .isInstanceOf(io.remotemedia.audio.node.UnsupportedFormatException.class)
        .hasMessage("unsupported input format (7999 Hz, 1 ch, F32): AudioResample needs an"
            + " input rate in [8000, 192000] Hz, was 7999");
    assertThatThrownBy(() -> node.configure(AudioFormat.f32(384000, 1), 10))
        .isInstanceOf(io.remotemedia.audio.node.UnsupportedFormatException.class)
        .hasMessageEndingWith("was 384000");
  }

  @Test
  void config_invalidValues_nameTheParameter() {
    assertThatThrownBy(() -> new ResampleConfig(5, ResampleQuality.HIGH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target_sample_rate must be in [8000, 192000], was 5");
    assertThatThrownBy(() -> new ResampleConfig(0, ResampleQuality.HIGH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target_sample_rate must be in [8000, 192000], was 0");
    assertThatThrownBy(() -> new ResampleConfig(1_000_000, ResampleQuality.HIGH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target_sample_rate must be in [8000, 192000], was 1000000");
    assertThatThrownBy(() -> new ResampleConfig(16000, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quality must not be null");
  }

  @Test
  void process_beforeConfigure_throwsIllegalState() {
    assertThatThrownBy(() -> node(16000, ResampleQuality.HIGH).process(new float[1], 1,
        new float[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ResampleNode.process called before configure");
  }

  @Test
  void reset_startsANewStream() throws Exception {
    float[] input = TestSignals.sine(1000, 0.5, 44100, 2000);
    ResampleNode node = node(16000, ResampleQuality.MEDIUM);
    float[] first = NodeRuns.whole(node, AudioFormat.f32(44100, 1), input);

    node.reset();
    node.process(input, 2000, new float[node.maxOutputFrames(2000)]);
    node.reset();
    float[] out = new float[node.maxOutputFrames(2000)];
    int n = node.process(input, 2000, out);
    float[] tail = new float[node.maxFlushFrames()];
    int t = node.flush(tail);
    float[] second = new float[n + t];
    System.arraycopy(out, 0, second, 0, n);
    System.arraycopy(tail, 0, second, n, t);

    assertThat(second).containsExactly(first);
    assertThat(Arrays.copyOf(first, 0)).isEmpty();
  }

  private static ResampleNode node(int target, ResampleQuality quality) {
    return new ResampleNode(new ResampleConfig(target, quality));
  }
}
