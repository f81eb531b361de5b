package io.remotemedia.pipeline.report;

import java.util.OptionalDouble;

/**
 * What a {@code Normalize} node measured over the whole stream and the gain it applied,
 * reported once the stream is flushed. A figure that could not be measured (silence measures
 * minus infinity; nothing is measured before the first flush) is empty.
 *
 * @param measuredLufs the integrated loudness (BS.1770), LUFS
 * @param samplePeakDbfs the largest sample magnitude, dBFS
 * @param truePeakDbtp the true peak (4x oversampled), dBTP
 * @param appliedGainDb the gain applied to reach the target, dB
 */
public record NormalizeReport(
    OptionalDouble measuredLufs,
    OptionalDouble samplePeakDbfs,
    OptionalDouble truePeakDbtp,
    OptionalDouble appliedGainDb) implements NodeReport {
  /** The manifest's {@code node_type} of the node that reports this. */
  public static final String NODE_TYPE = "Normalize";

  /**
   * Keeps only finite figures: a present NaN or infinity becomes empty, so that a report equals
   * its copy sent over the wire, which cannot carry them.
   *
   * @param measuredLufs the integrated loudness, LUFS
   * @param samplePeakDbfs the sample peak, dBFS
   * @param truePeakDbtp the true peak, dBTP
   * @param appliedGainDb the applied gain, dB
   * @throws NullPointerException if any argument is null
   */
  public NormalizeReport {
    measuredLufs = finite(measuredLufs);
    samplePeakDbfs = finite(samplePeakDbfs);
    truePeakDbtp = finite(truePeakDbtp);
    appliedGainDb = finite(appliedGainDb);
  }

  /**
   * Builds a report from raw figures, where a non-finite value means "not measured".
   *
   * @param measuredLufs the integrated loudness, LUFS
   * @param samplePeakDbfs the sample peak, dBFS
   * @param truePeakDbtp the true peak, dBTP
   * @param appliedGainDb the applied gain, dB
   * @return the report, with an empty figure for each non-finite value
   */
  public static NormalizeReport of(double measuredLufs, double samplePeakDbfs,
      double truePeakDbtp, double appliedGainDb) {
    return new NormalizeReport(OptionalDouble.of(measuredLufs), OptionalDouble.of(samplePeakDbfs),
        OptionalDouble.of(truePeakDbtp), OptionalDouble.of(appliedGainDb));
  }

  /**
   * Returns whether no figure was measured.
   *
   * @return true when every figure is empty
   */
  public boolean isEmpty() {
    return measuredLufs.isEmpty() && samplePeakDbfs.isEmpty() && truePeakDbtp.isEmpty()
        && appliedGainDb.isEmpty();
  }

  private static OptionalDouble finite(OptionalDouble figure) {
    return figure.isPresent() && !Double.isFinite(figure.getAsDouble())
        ? OptionalDouble.empty() : figure;
  }
}
