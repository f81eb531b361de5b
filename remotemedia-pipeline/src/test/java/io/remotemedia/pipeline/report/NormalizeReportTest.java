package io.remotemedia.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class NormalizeReportTest {
  @Test
  void of_nonFiniteFigures_areEmpty() {
    NormalizeReport report = NormalizeReport.of(Double.NEGATIVE_INFINITY, -3.5, Double.NaN, 2);

    assertThat(report.measuredLufs()).isEmpty();
    assertThat(report.samplePeakDbfs()).hasValue(-3.5);
    assertThat(report.truePeakDbtp()).isEmpty();
    assertThat(report.appliedGainDb()).hasValue(2.0);
    assertThat(report.isEmpty()).isFalse();
  }

  @Test
  void new_presentInfinity_equalsAnEmptyFigure() {
    assertThat(new NormalizeReport(OptionalDouble.of(Double.POSITIVE_INFINITY),
        OptionalDouble.empty(), OptionalDouble.of(Double.NaN), OptionalDouble.empty()))
        .isEqualTo(NormalizeReport.of(Double.NaN, Double.NaN, Double.NaN, Double.NaN))
        .satisfies(report -> assertThat(report.isEmpty()).isTrue());
  }
}
