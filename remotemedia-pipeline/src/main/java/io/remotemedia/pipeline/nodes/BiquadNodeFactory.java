package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.filter.BiquadConfig;
import io.remotemedia.audio.filter.BiquadNode;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.PipelineException;
import java.util.List;

/**
 * Builds {@link BiquadNode}s: node type {@code Biquad}, parameters {@code filter_type},
 * {@code frequency_hz}, {@code q}, {@code gain_db} and {@code stages}.
 */
final class BiquadNodeFactory implements NodeFactory {
  static final EnumParameter<FilterType> FILTER_TYPE = new EnumParameter<>("filter_type",
      FilterType.class, FilterType.LOWPASS, "Response shape (RBJ Audio EQ Cookbook).");
  static final NumberParameter FREQUENCY_HZ = new NumberParameter("frequency_hz", 1000.0,
      BiquadConfig.MIN_FREQUENCY_HZ, BiquadConfig.MAX_FREQUENCY_HZ,
      "Corner or centre frequency in Hz; must be below the input's Nyquist frequency.");
  static final NumberParameter Q = new NumberParameter("q", BiquadConfig.BUTTERWORTH_Q,
      BiquadConfig.MIN_Q, BiquadConfig.MAX_Q,
      "Quality factor; 0.7071 is Butterworth. For shelves it sets the slope.");
  static final NumberParameter GAIN_DB = new NumberParameter("gain_db", 0.0,
      BiquadConfig.MIN_GAIN_DB, BiquadConfig.MAX_GAIN_DB,
      "Gain in dB of lowshelf, highshelf and peaking; other than 0, refused by the other types.");
  static final IntegerParameter STAGES = new IntegerParameter("stages", 1, 1,
      BiquadConfig.MAX_STAGES, "Identical sections in cascade; multiplies the response in dB.");

  @Override
  public String nodeType() {
    return "Biquad";
  }

  @Override
  public String description() {
    return "Cookbook biquad: low/high/band-pass, notch, shelves or peaking EQ, cascadable.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(FILTER_TYPE, FREQUENCY_HZ, Q, GAIN_DB, STAGES);
  }

  @Override
  public AudioNode create(NodeParams params) {
    FilterType type = params.get(FILTER_TYPE);
    double gainDb = params.get(GAIN_DB);
    // A gain the type ignores: most likely the type is not the one meant.
    if (!type.usesGain() && gainDb != 0.0) {
      throw PipelineException.invalidManifest(params.locate(GAIN_DB.name()), GAIN_DB.name()
          + " " + NumberText.format(gainDb) + " has no effect on filter_type "
          + EnumParameter.spell(type) + "; only lowshelf, highshelf and peaking use it");
    }
    return new BiquadNode(new BiquadConfig(type, params.get(FREQUENCY_HZ), params.get(Q),
        gainDb, (int) params.get(STAGES)));
  }
}
