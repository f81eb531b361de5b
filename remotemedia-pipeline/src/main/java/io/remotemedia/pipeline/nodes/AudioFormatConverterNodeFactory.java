package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.format.AudioFormatConverterConfig;
import io.remotemedia.audio.format.AudioFormatConverterNode;
import io.remotemedia.audio.format.Dither;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.PipelineException;
import java.util.List;

/**
 * Builds {@link AudioFormatConverterNode}s: node type {@code AudioFormatConverter}, parameters
 * {@code target_format} ({@code f32}, {@code i16}, {@code i32}; default {@code i16}) and
 * {@code dither} ({@code none}, {@code tpdf}; default {@code none}).
 */
final class AudioFormatConverterNodeFactory implements NodeFactory {
  static final EnumParameter<SampleFormat> TARGET_FORMAT = new EnumParameter<>("target_format",
      SampleFormat.class, SampleFormat.I16,
      "Sample format to quantise to: i16 or i32 rounds onto that grid and clips; f32 passes"
          + " values through.");
  static final EnumParameter<Dither> DITHER = new EnumParameter<>("dither", Dither.class,
      Dither.NONE,
      "Noise added before rounding: none, or tpdf (triangular, +-1 LSB peak, reproducible"
          + " per stream); tpdf needs an integer target_format.");

  @Override
  public String nodeType() {
    return "AudioFormatConverter";
  }

  @Override
  public String description() {
    return "Quantises samples onto the grid of a 16 or 32-bit integer format, with optional"
        + " TPDF dither, and counts clipped samples.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(TARGET_FORMAT, DITHER);
  }

  @Override
  public AudioNode create(NodeParams params) {
    SampleFormat target = params.get(TARGET_FORMAT);
    Dither dither = params.get(DITHER);
    if (dither != Dither.NONE && target == SampleFormat.F32) {
      throw PipelineException.invalidManifest(params.locate(DITHER.name()),
          "dither " + EnumParameter.spell(dither) + " needs an integer target_format (i16 or"
              + " i32), found f32");
    }
    return new AudioFormatConverterNode(new AudioFormatConverterConfig(target, dither));
  }
}
