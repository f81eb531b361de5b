package io.remotemedia.audio.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.TestSignals;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalizeNodeTest {
  private static final int RATE = 48000;
  private static final OptionalDouble NO_CEILING = OptionalDouble.empty();

  private static NormalizeConfig peak(double targetDb, OptionalDouble ceiling) {
    return new NormalizeConfig(NormalizeMode.PEAK, targetDb, -23, ceiling, 30);
  }

  private static NormalizeConfig loudness(double targetLufs, OptionalDouble ceiling) {
    return new NormalizeConfig(NormalizeMode.LOUDNESS, -1, targetLufs, ceiling, 30);
  }

  private static double maxAbs(float[] x) {
    double peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak;
  }

  private static double db(double linear) {
    return 20 * Math.log10(linear);
  }

  @Test
  void flush_peakMode_scalesTheSamplePeakToTheTarget() throws Exception {
    float[] input = TestSignals.twoTone(300, 2000, 0.1, RATE, RATE);
    NormalizeNode node = new NormalizeNode(peak(-1, NO_CEILING));

    float[] output = NodeRuns.whole(node, AudioFormat.f32(RATE, 1), input);

    double gain = Math.pow(10, -1 / 20.0) / maxAbs(input);
    assertThat(output).hasSameSizeAs(input);
    for (int i = 0; i < input.length; i++) {
      assertThat(output[i]).isCloseTo((float) (input[i] * gain), within(1e-7f));
    }
    assertThat(db(maxAbs(output))).isCloseTo(-1, within(1e-5));
    assertThat(node.measuredSamplePeakDbfs()).isCloseTo(db(maxAbs(input)), within(1e-9));
  }

  @Test
  void flush_loudnessMode_bringsAnEbuSineToTheTarget() throws Exception {
    // EBU Tech 3341: a stereo 1 kHz sine at X dBFS per channel reads X LUFS, so -30 dBFS in
    // and a -23 LUFS target must give a -23 dBFS sine out (gain +7 dB).
    float[] input = Ebu3341Signals.steppedSine(RATE, 2, 1000, new double[] {-30},
        new double[] {10});
    NormalizeNode node = new NormalizeNode(loudness(-23, NO_CEILING));

    float[] output = NodeRuns.whole(node, AudioFormat.f32(RATE, 2), input);

    assertThat(node.measuredLufs()).isCloseTo(-30, within(0.1));
    assertThat(node.appliedGainDb()).isCloseTo(7, within(0.1));
    assertThat(db(maxAbs(output))).isCloseTo(-23, within(0.1));
    assertThat(Ebu3341Signals.lufs(RATE, 2, output)).isCloseTo(-23, within(0.1));
  }

  @Test
  void flush_peakModeWithACeiling_keepsTheTruePeakUnderIt() throws Exception {
    // fs/4 at 45 degrees: samples at A/sqrt(2). A 0 dBFS sample-peak target would put the
    // true peak at +3 dBTP; the -1 dBTP ceiling must win, leaving samples at -4.01 dBFS.
    double amplitude = Math.pow(10, -3 / 20.0);
    float[] input = new float[RATE];
    for (int n = 0; n < input.length; n++) {
      double edge = Math.min(n, input.length - 1 - n);
      double envelope = edge >= 1000 ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * edge / 1000);
      input[n] = (float) (envelope * amplitude * Math.sin(Math.PI / 2 * n + Math.PI / 4));
    }
    NormalizeNode node = new NormalizeNode(peak(0, OptionalDouble.of(-1)));

    float[] output = NodeRuns.whole(node, AudioFormat.f32(RATE, 1), input);

    assertThat(db(maxAbs(output))).isCloseTo(-1 - 10 * Math.log10(2), within(0.1));
    assertThat(node.measuredTruePeakDbtp()).isCloseTo(-3, within(0.1));
  }

  @Test
  void flush_loudnessModeWithACeiling_givesUpLoudnessForPeak() throws Exception {
    // A mono 1 kHz sine at -20 dBFS reads -23.01 LUFS; -10 LUFS needs +13 dB, but a -9 dBTP
    // ceiling allows only +11 dB (the true peak of a 1 kHz sine is its amplitude).
    float[] input = TestSignals.sine(1000, 0.1, RATE, 5 * RATE);
    NormalizeNode node = new NormalizeNode(loudness(-10, OptionalDouble.of(-9)));

    float[] output = NodeRuns.whole(node, AudioFormat.f32(RATE, 1), input);

    assertThat(node.appliedGainDb()).isCloseTo(11, within(0.05));
    assertThat(db(maxAbs(output))).isCloseTo(-9, within(0.05));
  }

  @Test
  void flush_silence_appliesUnityGain() throws Exception {
    NormalizeNode node = new NormalizeNode(loudness(-23, OptionalDouble.of(-1)));

    float[] output = NodeRuns.whole(node, AudioFormat.f32(RATE, 2), new float[2 * RATE]);

    assertThat(output).hasSize(2 * RATE).containsOnly(0f);
    assertThat(node.appliedGainDb()).isZero();
    assertThat(node.measuredLufs()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void process_inRandomChunks_isBitExact() throws Exception {
    AudioFormat stereo = AudioFormat.f32(RATE, 2);
    float[] input = TestSignals.whiteNoise(2 * 3 * RATE, 0.2, 6);
    NormalizeConfig config = loudness(-16, OptionalDouble.of(-1));
    float[] whole = NodeRuns.whole(new NormalizeNode(config), stereo, input);

    Random random = new Random(2);
    for (int run = 0; run < 5; run++) {
      assertThat(NodeRuns.chunked(new NormalizeNode(config), stereo, input,
          NodeRuns.randomChunks(random, 3 * RATE, 5000))).isEqualTo(whole);
    }
  }

  @Test
  void process_holdsEverythingUntilFlush() throws Exception {
    NormalizeNode node = new NormalizeNode(peak(-1, NO_CEILING));
    node.configure(AudioFormat.f32(8000, 1), 100);

    assertThat(node.process(new float[100], 100, new float[0])).isZero();
    assertThat(node.maxOutputFrames(100)).isZero();
    assertThat(node.maxFlushFrames()).isEqualTo(30 * 8000);
    assertThat(node.latencyFrames()).isEqualTo(30 * 8000);
    assertThat(node.measuredLufs()).isNaN();
  }

  @Test
  void process_pastMaxDuration_throwsNamingTheParameter() throws Exception {
    NormalizeNode node = new NormalizeNode(
        new NormalizeConfig(NormalizeMode.PEAK, -1, -23, NO_CEILING, 0.1));
    node.configure(AudioFormat.f32(8000, 1), 500);
    node.process(new float[500], 500, new float[0]);

    assertThatThrownBy(() -> node.process(new float[500], 301, new float[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Normalize buffers at most max_duration_s = 0.1 s (800 frames); the stream"
            + " is longer");
  }

  @Test
  void configure_bufferLargerThanAnArray_isRefused() {
    NormalizeNode node = new NormalizeNode(
        new NormalizeConfig(NormalizeMode.PEAK, -1, -23, NO_CEILING, 3600));

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(192000, 8), 1))
        .isInstanceOf(io.remotemedia.audio.node.UnsupportedFormatException.class)
        .hasMessage("unsupported input format (192000 Hz, 8 ch, F32): max_duration_s 3600.0 s"
            + " needs 5529600000 samples of buffer, more than 2147483639");
  }

  @Test
  void config_outOfRange_namesTheParameter() {
    assertThatThrownBy(() -> new NormalizeConfig(NormalizeMode.PEAK, 1, -23, NO_CEILING, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target_db must be in [-60.0, 0.0], was 1.0");
    assertThatThrownBy(() -> new NormalizeConfig(NormalizeMode.PEAK, -1, -80, NO_CEILING, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target_lufs must be in [-70.0, 0.0], was -80.0");
    assertThatThrownBy(() -> new NormalizeConfig(NormalizeMode.PEAK, -1, -23,
        OptionalDouble.of(0.5), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("true_peak_ceiling_dbtp must be in [-30.0, 0.0], was 0.5");
    assertThatThrownBy(() -> new NormalizeConfig(NormalizeMode.PEAK, -1, -23, NO_CEILING, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max_duration_s must be in [0.1, 3600.0], was 0.0");
  }
}
