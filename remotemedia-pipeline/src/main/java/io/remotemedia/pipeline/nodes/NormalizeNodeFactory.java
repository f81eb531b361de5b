package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.loudness.NormalizeConfig;
import io.remotemedia.audio.loudness.NormalizeMode;
import io.remotemedia.audio.loudness.NormalizeNode;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.report.NodeReport;
import io.remotemedia.pipeline.report.NormalizeReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link NormalizeNode}s: node type {@code Normalize}, parameters {@code mode},
 * {@code target_db}, {@code target_lufs}, {@code true_peak_ceiling_dbtp} and
 * {@code max_duration_s}.
 */
final class NormalizeNodeFactory implements NodeFactory {
  static final EnumParameter<NormalizeMode> MODE = new EnumParameter<>("mode",
      NormalizeMode.class, NormalizeMode.LOUDNESS,
      "peak: sample peak to target_db; loudness: BS.1770 integrated loudness to target_lufs.");
  static final NumberParameter TARGET_DB = new NumberParameter("target_db", -1.0,
      NormalizeConfig.MIN_TARGET_DB, 0.0,
      "Sample-peak target of peak mode, dBFS; refused in loudness mode.");
  static final NumberParameter TARGET_LUFS = new NumberParameter("target_lufs", -23.0,
      NormalizeConfig.MIN_TARGET_LUFS, 0.0,
      "Integrated-loudness target of loudness mode, LUFS; refused in peak mode.");
  static final OptionalNumberParameter TRUE_PEAK_CEILING_DBTP = new OptionalNumberParameter(
      "true_peak_ceiling_dbtp", NormalizeConfig.MIN_CEILING_DBTP, 0.0,
      "Highest output true peak (4x oversampled), dBTP; absent: no ceiling.");
  static final NumberParameter MAX_DURATION_S = new NumberParameter("max_duration_s",
      NormalizeConfig.DEFAULT_DURATION_S, NormalizeConfig.MIN_DURATION_S,
      NormalizeConfig.MAX_DURATION_S,
      "Longest stream buffered, s; holds 4 bytes x channels x rate x this, and its output"
          + " as much again.");

  @Override
  public String nodeType() {
    return NormalizeReport.NODE_TYPE;
  }

  @Override
  public String description() {
    return "Peak or EBU R128 loudness normalisation of the whole stream, with an optional"
        + " true-peak ceiling; output at end of stream.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(MODE, TARGET_DB, TARGET_LUFS, TRUE_PEAK_CEILING_DBTP, MAX_DURATION_S);
  }

  @Override
  public AudioNode create(NodeParams params) {
    NormalizeMode mode = params.get(MODE);
    // A target the mode does not use would be ignored: most likely the mode is not the one meant.
    boolean peak = mode == NormalizeMode.PEAK;
    NumberParameter unused = peak ? TARGET_LUFS : TARGET_DB;
    if (params.isSet(unused)) {
      NormalizeMode using = peak ? NormalizeMode.LOUDNESS : NormalizeMode.PEAK;
      throw PipelineException.invalidManifest(params.locate(unused.name()), unused.name()
          + " is only used with mode " + EnumParameter.spell(using) + "; mode is "
          + EnumParameter.spell(mode));
    }
    return new NormalizeNode(new NormalizeConfig(mode, params.get(TARGET_DB),
        params.get(TARGET_LUFS), params.get(TRUE_PEAK_CEILING_DBTP), params.get(MAX_DURATION_S)));
  }

  /** Reports what the node measured and the gain it applied, once the stream is flushed. */
  @Override
  public Map<String, Double> counters(AudioNode node) {
    NormalizeNode normalize = (NormalizeNode) node;
    Map<String, Double> figures = new LinkedHashMap<>();
    putFinite(figures, "measured_lufs", normalize.measuredLufs());
    putFinite(figures, "sample_peak_dbfs", normalize.measuredSamplePeakDbfs());
    putFinite(figures, "true_peak_dbtp", normalize.measuredTruePeakDbtp());
    putFinite(figures, "applied_gain_db", normalize.appliedGainDb());
    return figures;
  }

  /**
   * The same figures as the counters, as a {@link NormalizeReport}, so that callers get them
   * with the audio; empty when nothing was measured.
   */
  @Override
  public Optional<NodeReport> dataOutput(AudioNode node) {
    NormalizeNode normalize = (NormalizeNode) node;
    NormalizeReport report = NormalizeReport.of(normalize.measuredLufs(),
        normalize.measuredSamplePeakDbfs(), normalize.measuredTruePeakDbtp(),
        normalize.appliedGainDb());
    return report.isEmpty() ? Optional.empty() : Optional.of(report);
  }

  private static void putFinite(Map<String, Double> figures, String name, double value) {
    // Silence measures -Infinity; JSON and protobuf Struct cannot carry it, so it is left out.
    if (Double.isFinite(value)) {
      figures.put(name, value);
    }
  }
}
