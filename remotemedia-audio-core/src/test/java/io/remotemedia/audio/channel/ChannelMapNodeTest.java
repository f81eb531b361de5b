package io.remotemedia.audio.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.NodeRuns;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelMapNodeTest {
  private static final int RATE = 48000;

  private static float[] sixChannels(int frames) {
    float[][] channels = new float[6][];
    for (int c = 0; c < 6; c++) {
      channels[c] = TestSignals.whiteNoise(frames, 0.5, 100 + c);
    }
    return TestSignals.interleave(channels);
  }

  @Test
  void process_downmixAverage_isTheMeanOfTheChannels() throws Exception {
    float[] in = sixChannels(1000);

    float[] out = NodeRuns.whole(new ChannelMapNode(ChannelMapConfig.of(
        ChannelMapMode.DOWNMIX_AVERAGE)), AudioFormat.f32(RATE, 6), in);

    assertThat(out).hasSize(1000);
    for (int f = 0; f < 1000; f++) {
      double sum = 0;
      for (int c = 0; c < 6; c++) {
        sum += in[f * 6 + c];
      }
      assertThat((double) out[f]).isCloseTo(sum / 6, within(1e-6));
    }
  }

  @Test
  void process_downmixEqualPower_keepsThePowerOfUncorrelatedChannels() throws Exception {
    float[] in = sixChannels(48000);

    float[] out = NodeRuns.whole(new ChannelMapNode(ChannelMapConfig.of(
        ChannelMapMode.DOWNMIX_EQUAL_POWER)), AudioFormat.f32(RATE, 6), in);

    double inPower = 0;
    double outPower = 0;
    for (int f = 0; f < 48000; f++) {
      double sum = 0;
      for (int c = 0; c < 6; c++) {
        sum += in[f * 6 + c];
        inPower += in[f * 6 + c] * in[f * 6 + c] / 6.0;
      }
      assertThat((double) out[f]).isCloseTo(sum / Math.sqrt(6), within(1e-6));
      outPower += out[f] * out[f];
    }
    // Independent noise: the mono power equals the mean channel power, up to sampling error.
    assertThat(outPower / inPower).isCloseTo(1.0, within(0.03));
  }

  @Test
  void process_downmixOfIdenticalChannels_averageKeepsLevelEqualPowerRaisesIt()
      throws Exception {
    float[] mono = TestSignals.sine(1000, 0.5, RATE, 480);
    float[] stereo = TestSignals.interleave(mono, mono);

    float[] average = NodeRuns.whole(new ChannelMapNode(ChannelMapConfig.of(
        ChannelMapMode.DOWNMIX_AVERAGE)), AudioFormat.f32(RATE, 2), stereo);
    float[] power = NodeRuns.whole(new ChannelMapNode(ChannelMapConfig.of(
        ChannelMapMode.DOWNMIX_EQUAL_POWER)), AudioFormat.f32(RATE, 2), stereo);

    for (int i = 0; i < mono.length; i++) {
      assertThat(average[i]).isEqualTo(mono[i]);
      assertThat((double) power[i]).isCloseTo(mono[i] * Math.sqrt(2), within(1e-6));
    }
  }

  @Test
  void process_upmixStereo_copiesMonoToBothChannels() throws Exception {
    float[] mono = TestSignals.sine(440, 0.7, RATE, 500);
    ChannelMapNode node = new ChannelMapNode(ChannelMapConfig.of(ChannelMapMode.UPMIX_STEREO));

    float[] out = NodeRuns.whole(node, AudioFormat.f32(RATE, 1), mono);

    assertThat(TestSignals.channel(out, 2, 0)).containsExactly(mono);
    assertThat(TestSignals.channel(out, 2, 1)).containsExactly(mono);
  }

  @Test
  void process_map_selectsReordersAndDuplicates() throws Exception {
    float[] in = sixChannels(300);

    float[] out = NodeRuns.whole(new ChannelMapNode(ChannelMapConfig.map(5, 0, 0, 3)),
        AudioFormat.f32(RATE, 6), in);

    assertThat(TestSignals.channel(out, 4, 0)).containsExactly(TestSignals.channel(in, 6, 5));
    assertThat(TestSignals.channel(out, 4, 1)).containsExactly(TestSignals.channel(in, 6, 0));
    assertThat(TestSignals.channel(out, 4, 2)).containsExactly(TestSignals.channel(in, 6, 0));
    assertThat(TestSignals.channel(out, 4, 3)).containsExactly(TestSignals.channel(in, 6, 3));
  }

  @Test
  void configure_reportsTheOutputChannelCountAndKeepsRateAndSampleFormat() throws Exception {
    AudioFormat pcm = new AudioFormat(44100, 6, SampleFormat.I16);

    assertThat(new ChannelMapNode(ChannelMapConfig.of(ChannelMapMode.DOWNMIX_AVERAGE))
        .configure(pcm, 10)).isEqualTo(pcm.withChannelCount(1));
    assertThat(new ChannelMapNode(ChannelMapConfig.map(1, 0, 2)).configure(pcm, 10))
        .isEqualTo(pcm.withChannelCount(3));
    assertThat(new ChannelMapNode(ChannelMapConfig.of(ChannelMapMode.UPMIX_STEREO))
        .configure(pcm.withChannelCount(1), 10)).isEqualTo(pcm.withChannelCount(2));
  }

  @Test
  void configure_mapIndexBeyondTheInput_namesIndexAndChannelCount() {
    ChannelMapNode node = new ChannelMapNode(ChannelMapConfig.map(0, 2));

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(RATE, 2), 10))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage("unsupported input format (48000 Hz, 2 ch, F32): map[1] selects input"
            + " channel 2, but the input has 2 channels (indices 0 to 1)");
  }

  @Test
  void configure_upmixOfStereo_isRejected() {
    ChannelMapNode node = new ChannelMapNode(ChannelMapConfig.of(ChannelMapMode.UPMIX_STEREO));

    assertThatThrownBy(() -> node.configure(AudioFormat.f32(RATE, 2), 10))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage("unsupported input format (48000 Hz, 2 ch, F32): mode upmix_stereo needs"
            + " mono input, got 2 channels");
  }

  @Test
  void process_inRandomChunks_equalsOneChunk() throws Exception {
    float[] in = sixChannels(4001);
    List<ChannelMapConfig> configs = List.of(ChannelMapConfig.of(ChannelMapMode.DOWNMIX_AVERAGE),
        ChannelMapConfig.of(ChannelMapMode.DOWNMIX_EQUAL_POWER), ChannelMapConfig.map(3, 1));
    Random random = new Random(8);
    for (ChannelMapConfig config : configs) {
      float[] whole = NodeRuns.whole(new ChannelMapNode(config), AudioFormat.f32(RATE, 6), in);
      for (int run = 0; run < 10; run++) {
        int[] chunks = NodeRuns.randomChunks(random, 4001, 257);
        assertThat(NodeRuns.chunked(new ChannelMapNode(config), AudioFormat.f32(RATE, 6), in,
            chunks)).as("%s", config).containsExactly(whole);
      }
    }
    float[] mono = TestSignals.whiteNoise(3001, 1, 1);
    ChannelMapConfig upmix = ChannelMapConfig.of(ChannelMapMode.UPMIX_STEREO);
    float[] whole = NodeRuns.whole(new ChannelMapNode(upmix), AudioFormat.f32(RATE, 1), mono);
    assertThat(NodeRuns.chunked(new ChannelMapNode(upmix), AudioFormat.f32(RATE, 1), mono,
        NodeRuns.randomChunks(random, 3001, 100))).containsExactly(whole);
  }

  @Test
  void process_nonFiniteInput_passesThroughWithoutTrouble() throws Exception {
    float[] in = {Float.NaN, 1f, Float.POSITIVE_INFINITY, 1f};

    float[] out = NodeRuns.whole(new ChannelMapNode(ChannelMapConfig.of(
        ChannelMapMode.DOWNMIX_AVERAGE)), AudioFormat.f32(RATE, 2), in);

    assertThat(out[0]).isNaN();
    assertThat(out[1]).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void config_mapThatDoesNotFitTheMode_namesTheParameter() {
    assertThatThrownBy(() -> new ChannelMapConfig(ChannelMapMode.MAP, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("map must list 1 to 64 source channel indices when mode is map, had 0");
    assertThatThrownBy(() -> ChannelMapConfig.map(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("map[1] must be in [0, 63], was -1");
    assertThatThrownBy(() -> new ChannelMapConfig(ChannelMapMode.DOWNMIX_AVERAGE, List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("map is only used with mode map; mode is downmix_average, map was [0]");
  }
}
