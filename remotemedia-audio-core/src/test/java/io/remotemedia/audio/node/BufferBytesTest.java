package io.remotemedia.audio.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
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
import io.remotemedia.audio.fuzz.AllocationBudget;
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
import io.remotemedia.audio.vad.VadMode;
import io.remotemedia.audio.vad.VadNode;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AudioNode#bufferBytes} against what {@link AudioNode#configure} really allocates, for
 * every built-in node at settings where its buffers are large: a host refuses a configuration
 * by the declared figure before the memory is taken, so a figure below the allocation would
 * let a request take more than its limit, and one far above it would refuse requests that fit.
 */
class BufferBytesTest {
  /** Fixed state each node may leave out (objects, filter coefficients, FFT scratch). */
  private static final long FIXED_STATE = 256 * 1024;

  static Stream<Arguments> nodes() {
    AudioFormat f48x8 = AudioFormat.f32(48000, 8);
    AudioFormat f16x2 = AudioFormat.f32(16000, 2);
    return Stream.of(
        node("ChannelMap", f48x8, () -> new ChannelMapNode(
            ChannelMapConfig.of(ChannelMapMode.DOWNMIX_AVERAGE))),
        node("Biquad", f48x8, () -> new BiquadNode(
            new BiquadConfig(FilterType.LOWPASS, 1000, BiquadConfig.BUTTERWORTH_Q, 0, 8))),
        node("DcBlocker", f48x8, () -> new DcBlockerNode(new DcBlockerConfig(20))),
        node("AudioFormatConverter", f48x8, () -> new AudioFormatConverterNode(
            new AudioFormatConverterConfig(SampleFormat.I16, Dither.TPDF))),
        node("AudioBufferAccumulator 20 s", f48x8, () -> new AudioBufferAccumulatorNode(
            new AudioBufferAccumulatorConfig(20_000))),
        node("AudioChunker 2^20 frames", f48x8, () -> new AudioChunkerNode(
            new AudioChunkerConfig(1 << 20, 0, true))),
        node("SilenceTrim 60 s hold", f48x8, () -> new SilenceTrimNode(
            new SilenceTrimConfig(-40, 1000, 60_000))),
        node("Gain", f48x8, () -> new GainNode(new GainConfig(-6))),
        node("Normalize 30 s, loudness", f48x8, () -> new NormalizeNode(new NormalizeConfig(
            NormalizeMode.LOUDNESS, -1, -23, OptionalDouble.of(-1), 30))),
        node("Mix", f48x8, () -> new MixNode(new MixConfig(2, true))),
        node("Resample 48 kHz -> 44.1 kHz", f48x8, () -> new ResampleNode(
            new ResampleConfig(44100, ResampleQuality.VERY_HIGH))),
        node("Resample 48 kHz -> 8 kHz (two stages)", f48x8, () -> new ResampleNode(
            new ResampleConfig(8000, ResampleQuality.HIGH))),
        node("Resample 16 kHz -> 48 kHz", f16x2, () -> new ResampleNode(
            new ResampleConfig(48000, ResampleQuality.HIGH))),
        node("Vad, gate, longest padding", f48x8, () -> new VadNode(new VadConfig(
            VadMode.NORMAL, 30, VadConfig.MAX_DURATION_MS, VadConfig.MAX_DURATION_MS,
            VadConfig.MAX_PADDING_MS, true))));
  }

  private static Arguments node(String name, AudioFormat format, Supplier<AudioNode> factory) {
    return Arguments.of(name, format, factory);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodes")
  void declaredBytes_coverWhatConfigureAllocates_andNotMuchMore(
      String name, AudioFormat format, Supplier<AudioNode> factory) throws Exception {
    int chunk = 8192;
    // The first configure of a kind loads classes and designs shared filter tables, which a
    // process does once, not per node.
    factory.get().configure(format, chunk);
    AudioNode node = factory.get();

    long declared = node.bufferBytes(format, chunk);
    long allocated = AllocationBudget.allocatedBy(() -> node.configure(format, chunk));

    // A resampler declares its filter tables too, which the first node designed and this one
    // shares: each node keeps them alive.
    long shared = node instanceof ResampleNode resampler ? resampler.tableBytes() : 0;
    assertThat(allocated).as("bytes configure allocated, against %d declared", declared)
        .isLessThanOrEqualTo(declared + FIXED_STATE);
    assertThat(declared).as("bytes declared, against %d allocated and %d shared", allocated,
        shared).isLessThanOrEqualTo(allocated + shared + FIXED_STATE);
    if (shared > 0) {
      assertThat(declared).as("a resampler counts its tables").isGreaterThanOrEqualTo(shared);
    }
  }
}
