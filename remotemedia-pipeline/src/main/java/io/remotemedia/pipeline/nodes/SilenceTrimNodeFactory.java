package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.framing.SilenceTrimConfig;
import io.remotemedia.audio.framing.SilenceTrimNode;
import io.remotemedia.audio.node.AudioNode;
import java.util.List;

/**
 * Builds {@link SilenceTrimNode}s: node type {@code SilenceTrim}, parameters
 * {@code threshold_dbfs}, {@code window_ms} and {@code max_hold_ms}.
 */
final class SilenceTrimNodeFactory implements NodeFactory {
  static final NumberParameter THRESHOLD_DBFS = new NumberParameter("threshold_dbfs",
      SilenceTrimConfig.DEFAULT_THRESHOLD_DBFS, SilenceTrimConfig.MIN_THRESHOLD_DBFS, 0.0,
      "A window whose RMS is below this is silent, dBFS.");
  static final NumberParameter WINDOW_MS = new NumberParameter("window_ms",
      SilenceTrimConfig.DEFAULT_WINDOW_MS, SilenceTrimConfig.MIN_WINDOW_MS,
      SilenceTrimConfig.MAX_WINDOW_MS, "Analysis window, ms; trimming is in whole windows.");
  static final NumberParameter MAX_HOLD_MS = new NumberParameter("max_hold_ms",
      SilenceTrimConfig.DEFAULT_MAX_HOLD_MS, 0.0, SilenceTrimConfig.MAX_HOLD_MS,
      "Most trailing silence held back (and removed), ms; also the added latency.");

  @Override
  public String nodeType() {
    return "SilenceTrim";
  }

  @Override
  public String description() {
    return "Removes leading silence and up to max_hold_ms of trailing silence.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(THRESHOLD_DBFS, WINDOW_MS, MAX_HOLD_MS);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new SilenceTrimNode(new SilenceTrimConfig(params.get(THRESHOLD_DBFS),
        params.get(WINDOW_MS), params.get(MAX_HOLD_MS)));
  }
}
