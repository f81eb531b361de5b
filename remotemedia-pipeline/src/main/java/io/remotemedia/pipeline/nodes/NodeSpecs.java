package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.channel.ChannelMapMode;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.audio.format.Dither;
import io.remotemedia.audio.resample.ResampleQuality;
import io.remotemedia.audio.vad.VadMode;
import io.remotemedia.pipeline.manifest.NodeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed {@link NodeSpec}s for the built-in node types, for building manifests in code with
 * {@link io.remotemedia.pipeline.manifest.ManifestBuilder}. Parameter names come from the node
 * factories themselves, so a spec built here always names real parameters; values are checked
 * when the manifest is compiled, with the same messages as a parsed manifest.
 *
 * <pre>{@code
 * PipelineManifest manifest = ManifestBuilder.named("voice")
 *     .chain(NodeSpecs.resample("resample", 16000),
 *            NodeSpecs.downmixToMono("mono"),
 *            NodeSpecs.vad("vad"))
 *     .build();
 * }</pre>
 */
public final class NodeSpecs {
  private NodeSpecs() {}

  /**
   * {@return a {@code Gain} node changing the level by {@code gainDb} decibels}
   *
   * @param id the node id
   * @param gainDb the level change in dB; -120 to 60
   */
  public static NodeSpec gain(String id, double gainDb) {
    return spec(id, new GainNodeFactory(), GainNodeFactory.GAIN_DB.name(), gainDb);
  }

  /**
   * {@return an {@code AudioResample} node to {@code targetRateHz} at the default quality}
   *
   * @param id the node id
   * @param targetRateHz the output sample rate, Hz
   */
  public static NodeSpec resample(String id, int targetRateHz) {
    return spec(id, new AudioResampleNodeFactory(),
        AudioResampleNodeFactory.TARGET_SAMPLE_RATE.name(), (double) targetRateHz);
  }

  /**
   * {@return an {@code AudioResample} node to {@code targetRateHz} at {@code quality}}
   *
   * @param id the node id
   * @param targetRateHz the output sample rate, Hz
   * @param quality the filter quality, trading CPU for stopband attenuation
   */
  public static NodeSpec resample(String id, int targetRateHz, ResampleQuality quality) {
    return spec(id, new AudioResampleNodeFactory(),
        AudioResampleNodeFactory.TARGET_SAMPLE_RATE.name(), (double) targetRateHz,
        AudioResampleNodeFactory.QUALITY.name(), EnumParameter.spell(quality));
  }

  /**
   * {@return a {@code ChannelMap} node averaging every channel into one}
   *
   * @param id the node id
   */
  public static NodeSpec downmixToMono(String id) {
    return spec(id, new ChannelMapNodeFactory(), ChannelMapNodeFactory.MODE.name(),
        EnumParameter.spell(ChannelMapMode.DOWNMIX_AVERAGE));
  }

  /**
   * {@return a {@code ChannelMap} node copying mono into two channels}
   *
   * @param id the node id
   */
  public static NodeSpec upmixToStereo(String id) {
    return spec(id, new ChannelMapNodeFactory(), ChannelMapNodeFactory.MODE.name(),
        EnumParameter.spell(ChannelMapMode.UPMIX_STEREO));
  }

  /**
   * {@return a {@code ChannelMap} node selecting and ordering input channels by index}
   *
   * @param id the node id
   * @param inputChannels for each output channel, the 0-based input channel it copies
   */
  public static NodeSpec selectChannels(String id, List<Integer> inputChannels) {
    return spec(id, new ChannelMapNodeFactory(), ChannelMapNodeFactory.MODE.name(),
        EnumParameter.spell(ChannelMapMode.MAP), ChannelMapNodeFactory.MAP.name(),
        inputChannels.stream().map(Integer::doubleValue).toList());
  }

  /**
   * {@return an {@code AudioFormatConverter} node to {@code target}, with or without TPDF dither}
   *
   * @param id the node id
   * @param target the output sample format
   * @param dither {@link Dither#TPDF} to dither before rounding to an integer format, or {@link
   *     Dither#NONE}
   */
  public static NodeSpec convertFormat(String id, SampleFormat target, Dither dither) {
    return spec(id, new AudioFormatConverterNodeFactory(),
        AudioFormatConverterNodeFactory.TARGET_FORMAT.name(), EnumParameter.spell(target),
        AudioFormatConverterNodeFactory.DITHER.name(), EnumParameter.spell(dither));
  }

  /**
   * {@return a {@code Biquad} node of one section}
   *
   * @param id the node id
   * @param type the filter response
   * @param frequencyHz the cutoff or centre frequency, Hz
   * @param q the quality factor; 0.7071 gives a Butterworth response
   */
  public static NodeSpec biquad(String id, FilterType type, double frequencyHz, double q) {
    return spec(id, new BiquadNodeFactory(), BiquadNodeFactory.FILTER_TYPE.name(),
        EnumParameter.spell(type), BiquadNodeFactory.FREQUENCY_HZ.name(), frequencyHz,
        BiquadNodeFactory.Q.name(), q);
  }

  /**
   * {@return a {@code Normalize} node to an integrated loudness of {@code targetLufs}}
   *
   * @param id the node id
   * @param targetLufs the integrated loudness to reach, LUFS; -70 to 0
   */
  public static NodeSpec normalizeLoudness(String id, double targetLufs) {
    return spec(id, new NormalizeNodeFactory(), NormalizeNodeFactory.TARGET_LUFS.name(),
        targetLufs);
  }

  /**
   * {@return a {@code VAD} node with its default mode and timings, audio passing through}
   *
   * @param id the node id
   */
  public static NodeSpec vad(String id) {
    return spec(id, new VadNodeFactory());
  }

  /**
   * {@return a {@code VAD} node at {@code mode} that passes only speech (with padding) when gating}
   *
   * @param id the node id
   * @param mode how aggressively frames count as speech
   * @param gate true to pass only speech (with padding), false to pass all audio
   */
  public static NodeSpec vad(String id, VadMode mode, boolean gate) {
    return spec(id, new VadNodeFactory(), VadNodeFactory.MODE.name(), EnumParameter.spell(mode),
        VadNodeFactory.GATE.name(), gate);
  }

  private static NodeSpec spec(String id, NodeFactory factory, Object... namesAndValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return new NodeSpec(id, factory.nodeType(), params);
  }
}
