package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.resample.ResampleConfig;
import io.remotemedia.audio.resample.ResampleNode;
import io.remotemedia.audio.resample.ResampleQuality;
import java.util.List;

/**
 * Builds {@link ResampleNode}s: node type {@code AudioResample}, parameters {@code
 * target_sample_rate} (Hz) and {@code quality} ({@code quick}, {@code medium}, {@code high},
 * {@code very_high}).
 */
final class AudioResampleNodeFactory implements NodeFactory {
  static final IntegerParameter TARGET_SAMPLE_RATE = new IntegerParameter("target_sample_rate",
      16000, ResampleConfig.MIN_SAMPLE_RATE_HZ, ResampleConfig.MAX_SAMPLE_RATE_HZ,
      "Output sample rate in Hz.");
  static final EnumParameter<ResampleQuality> QUALITY = new EnumParameter<>("quality",
      ResampleQuality.class, ResampleQuality.HIGH,
      "Filter quality: quick (80 dB), medium (110 dB), high (145 dB, at least soxr's default),"
          + " very_high (165 dB).");

  @Override
  public String nodeType() {
    return "AudioResample";
  }

  @Override
  public String description() {
    return "Converts the sample rate with a band-limited, linear-phase, delay-compensated filter.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(TARGET_SAMPLE_RATE, QUALITY);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new ResampleNode(new ResampleConfig(
        (int) params.get(TARGET_SAMPLE_RATE), params.get(QUALITY)));
  }
}
