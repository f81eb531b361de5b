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

  /** A {@code Gain} node changing the level by {@code gainDb} decibels. */
  public static NodeSpec gain(String id, double gainDb) {
    return spec(id, new GainNodeFactory(), GainNodeFactory.GAIN_DB.name(), gainDb);
  }

  /** An {@code AudioResample} node to {@code targetRateHz} at the default quality. */
  public static NodeSpec resample(String id, int targetRateHz) {
    return spec(id, new AudioResampleNodeFactory(),
        AudioResampleNodeFactory.TARGET_SAMPLE_RATE.name(), (double) targetRateHz);
  }

  /** An {@code AudioResample} node to {@code targetRateHz} at {@code quality}. */
  public static NodeSpec resample(String id, int targetRateHz, ResampleQuality quality) {
    return spec(id, new AudioResampleNodeFactory(),
        AudioResampleNodeFactory.TARGET_SAMPLE_RATE.name(), (double) targetRateHz,
        AudioResampleNodeFactory.QUALITY.name(), EnumParameter.spell(quality));
  }

  /** A {@code ChannelMap} node averaging every channel into one. */
  public static NodeSpec downmixToMono(String id) {
    return spec(id, new ChannelMapNodeFactory(), ChannelMapNodeFactory.MODE.name(),
        EnumParameter.spell(ChannelMapMode.DOWNMIX_AVERAGE));
  }

  /** A {@code ChannelMap} node copying mono into two channels. */
  public static NodeSpec upmixToStereo(String id) {
    return spec(id, new ChannelMapNodeFactory(), ChannelMapNodeFactory.MODE.name(),
        EnumParameter.spell(ChannelMapMode.UPMIX_STEREO));
  }

  /** A {@code ChannelMap} node selecting and ordering input channels by index. */
  public static NodeSpec selectChannels(String id, List<Integer> inputChannels) {
    return spec(id, new ChannelMapNodeFactory(), ChannelMapNodeFactory.MODE.name(),
        EnumParameter.spell(ChannelMapMode.MAP), ChannelMapNodeFactory.MAP.name(),
        inputChannels.stream().map(Integer::doubleValue).toList());
  }

  /** An {@code AudioFormatConverter} node to {@code target}, with or without TPDF dither. */
  public static NodeSpec convertFormat(String id, SampleFormat target, Dither dither) {
    return spec(id, new AudioFormatConverterNodeFactory(),
        AudioFormatConverterNodeFactory.TARGET_FORMAT.name(), EnumParameter.spell(target),
        AudioFormatConverterNodeFactory.DITHER.name(), EnumParameter.spell(dither));
  }

  /** A {@code Biquad} node of one section. */
  public static NodeSpec biquad(String id, FilterType type, double frequencyHz, double q) {
    return spec(id, new BiquadNodeFactory(), BiquadNodeFactory.FILTER_TYPE.name(),
        EnumParameter.spell(type), BiquadNodeFactory.FREQUENCY_HZ.name(), frequencyHz,
        BiquadNodeFactory.Q.name(), q);
  }

  /** A {@code Normalize} node to an integrated loudness of {@code targetLufs}. */
  public static NodeSpec normalizeLoudness(String id, double targetLufs) {
    return spec(id, new NormalizeNodeFactory(), NormalizeNodeFactory.TARGET_LUFS.name(),
        targetLufs);
  }

  /** A {@code VAD} node with its default mode and timings, audio passing through. */
  public static NodeSpec vad(String id) {
    return spec(id, new VadNodeFactory());
  }

  /** A {@code VAD} node at {@code mode} that passes only speech (with padding) when gating. */
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
