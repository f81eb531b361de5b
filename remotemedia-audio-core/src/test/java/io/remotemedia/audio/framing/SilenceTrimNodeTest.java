package io.remotemedia.audio.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SilenceTrimNodeTest {
  private static final int RATE = 16000;
  private static final AudioFormat MONO = AudioFormat.f32(RATE, 1);
  /** 10 ms windows at 16 kHz are 160 frames. */
  private static final int WINDOW = 160;

  /** Concatenates segments: positive lengths are a 440 Hz tone, negative ones silence. */
  private static float[] segments(int... lengths) {
    int total = Arrays.stream(lengths).map(Math::abs).sum();
    float[] tone = TestSignals.sine(440, 0.5, RATE, total);
    float[] out = new float[total];
    int at = 0;
    for (int length : lengths) {
      if (length > 0) {
        System.arraycopy(tone, at, out, at, length);
      }
      at += Math.abs(length);
    }
    return out;
  }

  private static float[] trim(SilenceTrimConfig config, float[] input) throws Exception {
    return NodeRuns.whole(new SilenceTrimNode(config), MONO, input);
  }

  @Test
  void process_silenceAroundSound_keepsTheSoundAndTheSilenceInside() throws Exception {
    // 0.3 s silence, 0.5 s tone, 0.2 s silence, 0.4 s tone, 0.6 s silence (window-aligned).
    float[] input = segments(-4800, 8000, -3200, 6400, -9600);

    float[] output = trim(new SilenceTrimConfig(-60, 10, 1000), input);

    assertThat(output).isEqualTo(Arrays.copyOfRange(input, 4800, 4800 + 8000 + 3200 + 6400));
  }

  @Test
  void process_trailingSilenceLongerThanTheHold_removesOnlyTheHold() throws Exception {
    float[] input = segments(-4800, 8000, -3200, 6400, -9600);

    float[] output = trim(new SilenceTrimConfig(-60, 10, 200), input);

    // The 0.2 s hold: of the 0.6 s trailing silence, 0.4 s leaves the hold and is emitted.
    assertThat(output).isEqualTo(Arrays.copyOfRange(input, 4800, input.length - 3200));
  }

  @Test
  void process_soundStartingInsideAWindow_keepsThatWholeWindow() throws Exception {
    // Tone from frame 1000: windows 0-5 (frames 0-959) are silent, window 6 has sound.
    float[] input = segments(-1000, 3000);

    float[] output = trim(new SilenceTrimConfig(-60, 10, 1000), input);

    assertThat(output).isEqualTo(Arrays.copyOfRange(input, 6 * WINDOW, input.length));
  }

  @Test
  void process_quietNoise_isSilenceBelowTheThresholdOnly() throws Exception {
    // Uniform noise of amplitude a has RMS a / sqrt(3): -70 dBFS and -50 dBFS RMS.
    float[] quiet = TestSignals.whiteNoise(3200, Math.pow(10, -70 / 20.0) * Math.sqrt(3), 1);
    float[] louder = TestSignals.whiteNoise(3200, Math.pow(10, -50 / 20.0) * Math.sqrt(3), 1);

    assertThat(trim(new SilenceTrimConfig(-60, 10, 1000), quiet)).isEmpty();
    assertThat(trim(new SilenceTrimConfig(-60, 10, 1000), louder)).isEqualTo(louder);
  }

  @Test
  void flush_finalPartialWindow_isJudgedOnItsOwn() throws Exception {
    // 2 windows of tone, 1 of silence, then 100 frames of tone: sound resumes at the end.
    float[] soundAtEnd = segments(320, -160, 100);
    float[] silentEnd = segments(320, -160, -100);

    assertThat(trim(new SilenceTrimConfig(-60, 10, 1000), soundAtEnd)).isEqualTo(soundAtEnd);
    assertThat(trim(new SilenceTrimConfig(-60, 10, 1000), silentEnd))
        .isEqualTo(Arrays.copyOf(silentEnd, 320));
  }

  @Test
  void process_zeroHold_trimsOnlyLeadingSilenceAndTheLastPartialWindow() throws Exception {
    float[] input = segments(-320, 320, -400);

    float[] output = trim(new SilenceTrimConfig(-60, 10, 0), input);

    // Trailing windows are emitted at once; only the final 80-frame partial one is dropped.
    assertThat(output).isEqualTo(Arrays.copyOfRange(input, 320, 320 + 320 + 320));
  }

  @Test
  void process_inRandomChunks_isBitExact() throws Exception {
    AudioFormat stereo = AudioFormat.f32(RATE, 2);
    float[] mono = segments(-1234, 4321, -2345, 1111, -3456, 777, -5000);
    float[] input = TestSignals.interleave(mono, mono);
    SilenceTrimConfig config = new SilenceTrimConfig(-45, 7.5, 150);
    float[] whole = NodeRuns.whole(new SilenceTrimNode(config), stereo, input);

    Random random = new Random(17);
    for (int run = 0; run < 20; run++) {
      assertThat(NodeRuns.chunked(new SilenceTrimNode(config), stereo, input,
          NodeRuns.randomChunks(random, mono.length, 900))).isEqualTo(whole);
    }
  }

  @Test
  void latency_isTheHoldPlusAWindowMinusAFrame() throws Exception {
    SilenceTrimNode node = new SilenceTrimNode(new SilenceTrimConfig(-60, 10, 1005));
    node.configure(MONO, 320);

    // The hold is whole windows: 1005 ms = 16080 frames, rounded down to 16000.
    assertThat(node.latencyFrames()).isEqualTo(16000 + WINDOW - 1);
    assertThat(node.maxFlushFrames()).isEqualTo(16000 + WINDOW - 1);
    assertThat(node.maxOutputFrames(320)).isEqualTo(16000 + WINDOW - 1 + 320);
  }

  @Test
  void process_nan_isKeptAsSound() throws Exception {
    float[] input = new float[480];
    input[200] = Float.NaN;

    float[] output = trim(new SilenceTrimConfig(-60, 10, 1000), input);

    assertThat(output).hasSize(WINDOW);
    assertThat(output[40]).isNaN();
  }

  @Test
  void config_outOfRange_namesTheParameter() {
    assertThatThrownBy(() -> new SilenceTrimConfig(1, 10, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold_dbfs must be in [-120.0, 0.0], was 1.0");
    assertThatThrownBy(() -> new SilenceTrimConfig(-60, 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window_ms must be in [1.0, 1000.0], was 0.0");
    assertThatThrownBy(() -> new SilenceTrimConfig(-60, 10, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max_hold_ms must be in [0.0, 60000.0], was -1.0");
  }
}
