package io.remotemedia.audio.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.channel.ChannelMapConfig;
import io.remotemedia.audio.channel.ChannelMapMode;
import io.remotemedia.audio.channel.ChannelMapNode;
import io.remotemedia.audio.filter.BiquadConfig;
import io.remotemedia.audio.filter.BiquadNode;
import io.remotemedia.audio.filter.DcBlockerConfig;
import io.remotemedia.audio.filter.DcBlockerNode;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.audio.format.AudioFormatConverterConfig;
import io.remotemedia.audio.format.AudioFormatConverterNode;
import io.remotemedia.audio.format.Dither;
import io.remotemedia.audio.framing.AudioBufferAccumulatorConfig;
import io.remotemedia.audio.framing.AudioBufferAccumulatorNode;
import io.remotemedia.audio.framing.AudioChunkerConfig;
import io.remotemedia.audio.framing.AudioChunkerNode;
import io.remotemedia.audio.framing.SilenceTrimConfig;
import io.remotemedia.audio.framing.SilenceTrimNode;
import io.remotemedia.audio.gain.GainConfig;
import io.remotemedia.audio.gain.GainNode;
import io.remotemedia.audio.loudness.NormalizeConfig;
import io.remotemedia.audio.loudness.NormalizeMode;
import io.remotemedia.audio.loudness.NormalizeNode;
import io.remotemedia.audio.mix.MixConfig;
import io.remotemedia.audio.mix.MixNode;
import io.remotemedia.audio.resample.ResampleConfig;
import io.remotemedia.audio.resample.ResampleNode;
import io.remotemedia.audio.resample.ResampleQuality;
import io.remotemedia.audio.vad.VadConfig;
import io.remotemedia.audio.vad.VadNode;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link AudioNode} contract that every node family keeps: flush ends a stream and drains
 * its tail only (no new stream starts, a second flush writes nothing), and reset starts a new
 * stream that gives exactly what a freshly configured node gives.
 */
class NodeLifecycleTest {
  private static final AudioFormat STEREO_16K = AudioFormat.f32(16000, 2);
  private static final int CHUNK = 512;
  /** A tone burst between silences: every node, including VAD and silence trim, has state. */
  private static final float[] INPUT = burst(6000, 1500, 4500, 1);
  /** A different stream that leaves other state behind. */
  private static final float[] OTHER = burst(3000, 200, 2600, 7);

  static Stream<Arguments> nodes() {
    return Stream.of(
        node("ChannelMap", () -> new ChannelMapNode(
            ChannelMapConfig.of(ChannelMapMode.DOWNMIX_AVERAGE))),
        node("Biquad", () -> new BiquadNode(
            new BiquadConfig(FilterType.LOWPASS, 1000, BiquadConfig.BUTTERWORTH_Q, 0, 2))),
        node("DcBlocker", () -> new DcBlockerNode(new DcBlockerConfig(20))),
        node("AudioFormatConverter", () -> new AudioFormatConverterNode(
            new AudioFormatConverterConfig(SampleFormat.I16, Dither.TPDF))),
        node("AudioBufferAccumulator", () -> new AudioBufferAccumulatorNode(
            new AudioBufferAccumulatorConfig(20))),
        node("AudioChunker", () -> new AudioChunkerNode(new AudioChunkerConfig(400, 100, true))),
        node("SilenceTrim", () -> new SilenceTrimNode(new SilenceTrimConfig(-40, 10, 50))),
        node("Gain", () -> new GainNode(new GainConfig(-6))),
        node("Normalize", () -> new NormalizeNode(new NormalizeConfig(NormalizeMode.PEAK, -1,
            -23, OptionalDouble.empty(), 1))),
        node("Mix", () -> new MixNode(new MixConfig(2, true))),
        node("Resample", () -> new ResampleNode(
            new ResampleConfig(44100, ResampleQuality.MEDIUM))),
        node("Vad", () -> new VadNode(VadConfig.defaults().withGate(true))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodes")
  void flush_endsTheStream_processIsRefusedAndASecondFlushWritesNothing(String name,
      Supplier<AudioNode> factory) throws Exception {
    AudioNode node = factory.get();
    AudioFormat out = node.configure(STEREO_16K, CHUNK);
    feed(node, INPUT, INPUT.length / 2, out);
    float[] tail = new float[Math.max(1, node.maxFlushFrames() * out.channelCount())];
    node.flush(tail);

    assertThatThrownBy(() -> node.process(new float[CHUNK * 2], CHUNK,
        new float[node.maxOutputFrames(CHUNK) * out.channelCount()]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(node.getClass().getSimpleName()
            + ".process called after flush; call reset() to start a new stream");
    assertThat(node.flush(tail)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodes")
  void reset_midStream_discardsWhatTheNodeHeld(String name, Supplier<AudioNode> factory)
      throws Exception {
    float[] fresh = stream(factory.get());

    AudioNode node = factory.get();
    AudioFormat out = node.configure(STEREO_16K, CHUNK);
    feed(node, OTHER, OTHER.length / 2, out);
    node.reset();
    float[] again = feedAndFlush(node, INPUT, out);

    assertThat(again).containsExactly(fresh);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodes")
  void reset_afterAFlushedStream_givesWhatAFreshNodeGives(String name,
      Supplier<AudioNode> factory) throws Exception {
    float[] fresh = stream(factory.get());

    AudioNode node = factory.get();
    AudioFormat out = node.configure(STEREO_16K, CHUNK);
    feedAndFlush(node, OTHER, out);
    node.reset();

    assertThat(feedAndFlush(node, INPUT, out)).containsExactly(fresh);
  }

  private static Arguments node(String name, Supplier<AudioNode> factory) {
    return Arguments.of(name, factory);
  }

  private static float[] stream(AudioNode node) throws UnsupportedFormatException {
    return stream(node, INPUT);
  }

  private static float[] stream(AudioNode node, float[] input)
      throws UnsupportedFormatException {
    return feedAndFlush(node, input, node.configure(STEREO_16K, CHUNK));
  }

  /** Feeds all of {@code input} in {@link #CHUNK}-frame chunks, flushes, returns the output. */
  private static float[] feedAndFlush(AudioNode node, float[] input, AudioFormat out) {
    float[] processed = feed(node, input, input.length, out);
    float[] tail = new float[node.maxFlushFrames() * out.channelCount()];
    int tailFrames = node.flush(tail);
    float[] all = Arrays.copyOf(processed, processed.length + tailFrames * out.channelCount());
    System.arraycopy(tail, 0, all, processed.length, tailFrames * out.channelCount());
    return all;
  }

  /** Feeds the first {@code samples} samples of {@code input}; returns what came out. */
  private static float[] feed(AudioNode node, float[] input, int samples, AudioFormat out) {
    int channels = STEREO_16K.channelCount();
    float[] chunk = new float[CHUNK * channels];
    float[] written = new float[node.maxOutputFrames(CHUNK) * out.channelCount()];
    float[] result = new float[0];
    for (int offset = 0; offset < samples; offset += CHUNK * channels) {
      int frames = Math.min(CHUNK, (samples - offset) / channels);
      System.arraycopy(input, offset, chunk, 0, frames * channels);
      int n = node.process(chunk, frames, written) * out.channelCount();
      result = Arrays.copyOf(result, result.length + n);
      System.arraycopy(written, 0, result, result.length - n, n);
    }
    return result;
  }

  /** Stereo: silence, then a 300 Hz tone with a little noise from {@code from} to {@code to}. */
  private static float[] burst(int frames, int from, int to, long seed) {
    float[] tone = TestSignals.sine(300, 0.5, 16000, frames);
    float[] noise = TestSignals.whiteNoise(frames, 0.05, seed);
    float[] left = new float[frames];
    float[] right = new float[frames];
    for (int i = from; i < to; i++) {
      left[i] = tone[i] + noise[i];
      right[i] = 0.5f * tone[i] - noise[i];
    }
    return TestSignals.interleave(left, right);
  }
}
