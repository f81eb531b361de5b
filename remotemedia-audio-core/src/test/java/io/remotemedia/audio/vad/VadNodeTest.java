package io.remotemedia.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VadNodeTest {
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);
  /** Starts are found within two 10 ms frames. */
  private static final double START_TOLERANCE_MS = 20;
  /**
   * Ends come late: the 40 ms analysis window and the detector's smoothing keep a frame
   * speech for about 110 to 120 ms after an abrupt end (documented in docs/nodes/VAD.md).
   */
  private static final double END_HANGOVER_MS = 140;

  /**
   * A vowel-like test signal: harmonics of 150 Hz up to 3.5 kHz shaped by formant
   * resonances at 500, 1500 and 2500 Hz, amplitude-modulated at a syllable rate of 4 Hz
   * (envelope 0.55 + 0.45 sin), about -20 dBFS RMS.
   */
  static float[] voiced(int rateHz, int frames) {
    float[] out = new float[frames];
    double[] formants = {500, 1500, 2500};
    int harmonics = (int) (3500 / 150.0);
    double[] amp = new double[harmonics + 1];
    double norm = 0;
    for (int h = 1; h <= harmonics; h++) {
      double f = 150.0 * h;
      for (double formant : formants) {
        amp[h] += 1 / (1 + Math.pow((f - formant) / 120, 2));
      }
      norm += amp[h] * amp[h] / 2;
    }
    double scale = 0.1 / Math.sqrt(norm);
    for (int i = 0; i < frames; i++) {
      double t = (double) i / rateHz;
      double s = 0;
      for (int h = 1; h <= harmonics; h++) {
        s += amp[h] * Math.sin(2 * Math.PI * 150 * h * t + h * h);
      }
      out[i] = (float) (scale * s * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t)));
    }
    return out;
  }

  /** Silence (or {@code noise}) with {@code voiced} bursts at the given [start, end) ms. */
  static float[] scene(int rateHz, int totalMs, float[] noise, int... burstsMs) {
    float[] out = noise != null ? noise.clone() : new float[totalMs * rateHz / 1000];
    for (int b = 0; b < burstsMs.length; b += 2) {
      int from = burstsMs[b] * rateHz / 1000;
      float[] v = voiced(rateHz, (burstsMs[b + 1] - burstsMs[b]) * rateHz / 1000);
      for (int i = 0; i < v.length; i++) {
        out[from + i] += v[i];
      }
    }
    return out;
  }

  static VadConfig config(int minSpeechMs, int minSilenceMs, int paddingMs, boolean gate) {
    return new VadConfig(VadMode.NORMAL, 10, minSpeechMs, minSilenceMs, paddingMs, gate);
  }

  static List<SpeechSegment> segmentsOf(VadConfig config, AudioFormat format, float[] input)
      throws UnsupportedFormatException {
    VadNode node = new VadNode(config);
    NodeRuns.whole(node, format, input);
    return node.segments();
  }

  @Test
  void process_silence_findsNoSegmentsAndGatesEverythingOut() throws Exception {
    VadNode node = new VadNode(config(100, 200, 30, true));

    float[] out = NodeRuns.whole(node, MONO_16K, TestSignals.silence(48000, 1));

    assertThat(node.segments()).isEmpty();
    assertThat(node.pendingEventCount()).isZero();
    assertThat(out).isEmpty();
  }

  @Test
  void process_whiteNoiseAlone_findsNoSegments() throws Exception {
    float[] noise = TestSignals.whiteNoise(64000, 0.05, 3);

    assertThat(segmentsOf(config(100, 200, 0, false), MONO_16K, noise)).isEmpty();
  }

  @Test
  void process_voicedBurstInSilence_findsOneSegmentAtTheBurst() throws Exception {
    float[] input = scene(16000, 3000, null, 1000, 2000);

    List<SpeechSegment> segments = segmentsOf(config(100, 200, 0, false), MONO_16K, input);

    assertThat(segments).hasSize(1);
    assertStartAndEnd(segments.get(0), 1000, 2000);
  }

  @Test
  void process_voicedBurstInWhiteNoiseAt20dB_findsOneSegmentAtTheBurst() throws Exception {
    // voiced() is about -20 dBFS RMS; uniform noise of amplitude a has RMS a / sqrt(3).
    float[] noise = TestSignals.whiteNoise(16000 * 4, 0.01 * Math.sqrt(3), 11);
    float[] input = scene(16000, 4000, noise, 1500, 2700);

    List<SpeechSegment> segments = segmentsOf(config(100, 200, 0, false), MONO_16K, input);

    assertThat(segments).hasSize(1);
    assertStartAndEnd(segments.get(0), 1500, 2700);
  }

  @Test
  void process_roomNoiseResumingAfterDigitalSilence_isNotSpeech() throws Exception {
    // Room noise at about -60 dBFS for 2 s, 1 s of digital silence (a muted microphone), the
    // same room again, and a voiced burst in it. The noise estimate of before the gap holds.
    float[] input = TestSignals.whiteNoise(16000 * 5, 0.001 * Math.sqrt(3), 5);
    Arrays.fill(input, 2 * 16000, 3 * 16000, 0f);
    input = scene(16000, 5000, input, 3800, 4600);

    List<SpeechSegment> segments = segmentsOf(config(100, 200, 0, false), MONO_16K, input);

    assertThat(segments).hasSize(1);
    assertStartAndEnd(segments.get(0), 3800, 4600);
  }

  @Test
  void process_burstRightAfterDigitalSilenceInAStream_isFound() throws Exception {
    // After 2 s of room noise and 1 s of digital silence, speech starts at once, with no
    // room noise before it (a clip joined on): held, the noise estimate still finds it.
    float[] input = TestSignals.whiteNoise(16000 * 5, 0.001 * Math.sqrt(3), 7);
    Arrays.fill(input, 2 * 16000, input.length, 0f);
    input = scene(16000, 5000, input, 3000, 4000);

    List<SpeechSegment> segments = segmentsOf(config(100, 200, 0, false), MONO_16K, input);

    assertThat(segments).hasSize(1);
    assertStartAndEnd(segments.get(0), 3000, 4000);
  }

  @Test
  void process_quietTalkerAfterALoudOne_isFound() throws Exception {
    // The relative level weighs against speech far under the loudest of the last seconds; a
    // talker 20 dB quieter than the one before, 1 s later, in room noise, is still speech.
    float[] input = TestSignals.whiteNoise(16000 * 6, 0.0003 * Math.sqrt(3), 9);
    input = scene(16000, 6000, input, 1000, 2000);
    float[] quiet = voiced(16000, 16000);
    for (int i = 0; i < quiet.length; i++) {
      input[3 * 16000 + i] += 0.1f * quiet[i];
    }

    List<SpeechSegment> segments = segmentsOf(config(100, 200, 0, false), MONO_16K, input);

    assertThat(segments).hasSize(2);
    assertStartAndEnd(segments.get(0), 1000, 2000);
    assertStartAndEnd(segments.get(1), 3000, 4000);
  }

  @Test
  void process_atEverySupportedRate_findsTheBurst() throws Exception {
    for (int rate : new int[] {8000, 16000, 32000, 48000}) {
      float[] input = scene(rate, 3000, null, 1000, 2000);

      List<SpeechSegment> segments = segmentsOf(config(100, 200, 0, false),
          AudioFormat.f32(rate, 1), input);

      assertThat(segments).as("%d Hz", rate).hasSize(1);
      assertStartAndEnd(segments.get(0), 1000, 2000);
    }
  }

  @Test
  void process_shortBlip_isDroppedBelowMinSpeech() throws Exception {
    float[] input = scene(16000, 3000, null, 1000, 1080, 2000, 2600);

    List<SpeechSegment> strict = segmentsOf(config(200, 200, 0, false), MONO_16K, input);
    List<SpeechSegment> lax = segmentsOf(config(30, 200, 0, false), MONO_16K, input);

    assertThat(strict).hasSize(1);
    assertStartAndEnd(strict.get(0), 2000, 2600);
    assertThat(lax).hasSize(2);
  }

  @Test
  void process_closeBursts_mergeBelowMinSilence() throws Exception {
    float[] input = scene(16000, 3500, null, 1000, 1600, 2000, 2600);

    List<SpeechSegment> merged = segmentsOf(config(100, 600, 0, false), MONO_16K, input);
    List<SpeechSegment> split = segmentsOf(config(100, 100, 0, false), MONO_16K, input);

    assertThat(merged).hasSize(1);
    assertStartAndEnd(merged.get(0), 1000, 2600);
    assertThat(split).hasSize(2);
    assertStartAndEnd(split.get(0), 1000, 1600);
    assertStartAndEnd(split.get(1), 2000, 2600);
  }

  @Test
  void process_padding_widensEachSegmentByThePaddingOnBothSides() throws Exception {
    float[] input = scene(16000, 4000, null, 1000, 2000);

    SpeechSegment bare = segmentsOf(config(100, 200, 0, false), MONO_16K, input).get(0);
    SpeechSegment padded = segmentsOf(config(100, 200, 150, false), MONO_16K, input).get(0);

    assertThat(padded.startMs()).isEqualTo(bare.startMs() - 150);
    assertThat(padded.endMs()).isEqualTo(bare.endMs() + 150);
  }

  @Test
  void process_padding_isClampedToTheStream() throws Exception {
    float[] input = scene(16000, 1500, null, 200, 1500);

    List<SpeechSegment> segments = segmentsOf(config(100, 200, 300, false), MONO_16K, input);

    assertThat(segments).hasSize(1);
    assertThat(segments.get(0).startMs()).isZero();
    assertThat(segments.get(0).endMs()).isEqualTo(1500);
  }

  @Test
  void process_withGate_outputsExactlyThePaddedSpeech() throws Exception {
    float[] noise = TestSignals.whiteNoise(16000 * 5, 0.003, 5);
    float[] input = scene(16000, 5000, noise, 700, 1600, 2500, 4200);
    VadNode node = new VadNode(config(100, 200, 120, true));

    float[] out = NodeRuns.whole(node, MONO_16K, input);

    List<SpeechSegment> segments = node.segments();
    assertThat(segments).hasSize(2);
    assertThat(out).isEqualTo(cut(input, 1, 16, segments));
  }

  @Test
  void process_withoutGate_passesAudioThroughUnchanged() throws Exception {
    float[] input = scene(16000, 2000, null, 500, 1500);
    VadNode node = new VadNode(config(100, 200, 30, false));

    assertThat(NodeRuns.whole(node, MONO_16K, input)).isEqualTo(input);
    assertThat(node.latencyFrames()).isZero();
  }

  @Test
  void process_stereo_averagesForDetectionAndGatesBothChannels() throws Exception {
    float[] left = scene(16000, 3000, null, 1000, 2000);
    float[] right = new float[left.length];
    for (int i = 0; i < left.length; i++) {
      right[i] = -0.5f * left[i];
    }
    float[] stereo = TestSignals.interleave(left, right);
    VadNode node = new VadNode(config(100, 200, 50, true));

    float[] out = NodeRuns.whole(node, AudioFormat.f32(16000, 2), stereo);

    assertThat(node.segments()).hasSize(1);
    assertThat(out).isEqualTo(cut(stereo, 2, 16, node.segments()));
  }

  @Test
  void process_inRandomChunks_givesTheSameAudioSegmentsAndEvents() throws Exception {
    for (int rate : new int[] {8000, 48000}) {
      AudioFormat format = AudioFormat.f32(rate, 1);
      float[] noise = TestSignals.whiteNoise(rate * 4, 0.002, 9);
      float[] input = scene(rate, 4000, noise, 600, 1500, 1700, 2100, 2600, 3700);
      VadConfig cfg = new VadConfig(VadMode.AGGRESSIVE, 20, 100, 150, 80, true);
      VadNode whole = new VadNode(cfg);
      float[] expected = NodeRuns.whole(whole, format, input);
      List<String> expectedEvents = drain(whole);
      assertThat(whole.segments()).isNotEmpty();

      Random random = new Random(rate);
      for (int run = 0; run < 5; run++) {
        VadNode chunked = new VadNode(cfg);
        int[] chunks = NodeRuns.randomChunks(random, input.length, 777);
        float[] out = NodeRuns.chunked(chunked, format, input, chunks);
        assertThat(out).isEqualTo(expected);
        assertThat(chunked.segments()).isEqualTo(whole.segments());
        assertThat(drain(chunked)).isEqualTo(expectedEvents);
      }
    }
  }

  @Test
  void pollEvents_duringTheStream_reportsStartThenEndAtTheSegmentTimes() throws Exception {
    float[] input = scene(16000, 3000, null, 1000, 2000);
    VadNode node = new VadNode(config(100, 200, 50, false));
    node.configure(MONO_16K, 160);
    float[] out = new float[160];
    VadEvent[] holders = {new VadEvent(), new VadEvent(), new VadEvent()};
    List<String> seen = new ArrayList<>();
    for (int offset = 0; offset < input.length; offset += 160) {
      node.process(Arrays.copyOfRange(input, offset, offset + 160), 160, out);
      int n = node.pollEvents(holders);
      for (int i = 0; i < n; i++) {
        seen.add(holders[i].type() + "@" + holders[i].timeMs() + " seen at " + offset / 16);
      }
    }
    node.flush(new float[0]);

    SpeechSegment segment = node.segments().get(0);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).startsWith("SPEECH_START@" + segment.startMs() + " ");
    assertThat(seen.get(1)).startsWith("SPEECH_END@" + segment.endMs() + " ");
    // Both were reported while the stream ran, not at the flush.
    assertThat(Integer.parseInt(seen.get(1).replaceAll(".* seen at ", ""))).isLessThan(2500);
  }

  @Test
  void segments_afterFlush_stayReadableUntilReset() throws Exception {
    VadNode node = new VadNode(config(100, 200, 0, false));
    NodeRuns.whole(node, MONO_16K, scene(16000, 2000, null, 500, 1500));
    assertThat(node.segments()).hasSize(1);

    assertThatThrownBy(() -> node.process(new float[160], 160, new float[160]))
        .isInstanceOf(IllegalStateException.class);
    assertThat(node.flush(new float[0])).isZero();
    assertThat(node.segments()).hasSize(1);

    node.reset();
    assertThat(node.segments()).isEmpty();
  }

  @Test
  void process_nanAndInfinityInput_doesNotBreakDetection() throws Exception {
    float[] input = scene(16000, 4000, null, 2500, 3500);
    for (int i = 1000; i < 1100; i++) {
      input[i] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
    }
    VadNode node = new VadNode(config(100, 200, 0, true));

    float[] out = NodeRuns.whole(node, MONO_16K, input);

    assertThat(node.segments()).isNotEmpty();
    SpeechSegment last = node.segments().get(node.segmentCount() - 1);
    assertThat((double) last.startMs()).isCloseTo(2500, within(START_TOLERANCE_MS));
    assertThat(out.length).isEqualTo(cut(input, 1, 16, node.segments()).length);
  }

  @Test
  void process_zeroFrames_writesNothing() throws Exception {
    VadNode node = new VadNode(config(100, 200, 30, true));
    node.configure(MONO_16K, 0);

    assertThat(node.process(new float[0], 0, new float[node.maxOutputFrames(0)])).isZero();
  }

  @Test
  void latencyFrames_withGate_isTheLongestHold() throws Exception {
    VadNode node = new VadNode(new VadConfig(VadMode.NORMAL, 20, 100, 300, 50, true));
    node.configure(AudioFormat.f32(48000, 1), 960);

    // 50 + (ceil(100/20) + max(ceil(300/20), ceil(50/20)) + 2) * 20 = 50 + 22 * 20 = 490 ms
    assertThat(node.latencyFrames()).isEqualTo(490 * 48);
  }

  @Test
  void configure_unsupportedRate_namesTheRateAndTheSupportedOnes() {
    VadNode node = new VadNode(VadConfig.defaults());

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(44100, 1), 441))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage("unsupported input format (44100 Hz, 1 ch, F32): "
            + "VAD supports 8000, 16000, 32000 and 48000 Hz, was 44100 Hz");
  }

  @Test
  void config_badValues_nameTheParameter() {
    assertThatThrownBy(() -> new VadConfig(VadMode.NORMAL, 15, 0, 0, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame_ms must be 10, 20 or 30, was 15");
    assertThatThrownBy(() -> new VadConfig(VadMode.NORMAL, 10, -1, 0, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min_speech_ms must be in [0, 5000], was -1");
    assertThatThrownBy(() -> new VadConfig(VadMode.NORMAL, 10, 0, 5001, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min_silence_ms must be in [0, 5000], was 5001");
    assertThatThrownBy(() -> new VadConfig(VadMode.NORMAL, 10, 0, 0, 1001, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("padding_ms must be in [0, 1000], was 1001");
    assertThatThrownBy(() -> new VadConfig(null, 10, 0, 0, 0, false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
  }

  private static void assertStartAndEnd(SpeechSegment segment, int startMs, int endMs) {
    assertThat((double) segment.startMs()).isCloseTo(startMs, within(START_TOLERANCE_MS));
    assertThat(segment.endMs()).isBetween((long) endMs, (long) (endMs + END_HANGOVER_MS));
  }

  /** The frames of {@code input} inside {@code segments}, concatenated. */
  static float[] cut(float[] input, int channels, int samplesPerMs, List<SpeechSegment> segments) {
    float[] out = new float[input.length];
    int n = 0;
    for (SpeechSegment s : segments) {
      int from = (int) (s.startMs() * samplesPerMs * channels);
      int to = (int) (s.endMs() * samplesPerMs * channels);
      System.arraycopy(input, from, out, n, to - from);
      n += to - from;
    }
    return Arrays.copyOf(out, n);
  }

  private static List<String> drain(VadNode node) {
    VadEvent[] holders = {new VadEvent(), new VadEvent()};
    List<String> events = new ArrayList<>();
    int n;
    while ((n = node.pollEvents(holders)) > 0) {
      for (int i = 0; i < n; i++) {
        events.add(holders[i].toString());
      }
    }
    return events;
  }
}
