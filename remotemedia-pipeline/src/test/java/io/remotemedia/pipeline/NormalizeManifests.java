package io.remotemedia.pipeline;

import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;

/**
 * Manifests whose memory a test chooses: a Gain "in" feeding a peak Normalize "norm". Shared
 * with the server's tests through this module's test jar.
 */
public final class NormalizeManifests {
  private NormalizeManifests() {}

  /** The manifest's text; "norm" is {@code nodes[1]}, on line 6. */
  public static String text(double maxDurationS) {
    return """
        version: "v1"
        nodes:
          - id: in
            node_type: Gain
            params: {gain_db: 0}
          - id: norm
            node_type: Normalize
            params: {mode: peak, max_duration_s: %s}
        connections:
          - {from: in, to: norm}
        """.formatted(maxDurationS);
  }

  /** Normalize buffers {@code maxDurationS} of the stream (and the executor as much again). */
  public static PipelineManifest buffering(double maxDurationS) {
    return new ManifestParser().parse(text(maxDurationS));
  }
}
