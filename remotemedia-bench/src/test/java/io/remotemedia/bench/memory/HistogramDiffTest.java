package io.remotemedia.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramDiffTest {
  private static final String OPEN = """
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:           400        4000000  [D (java.base@17.0.15)
         2:            50          80000  [F (java.base@17.0.15)
         3:            10            160  io.remotemedia.Thing
      Total           460        4080160
      """;
  private static final String CLOSED = """
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:            50          60000  [F (java.base@17.0.15)
         2:             0              0  [D (java.base@17.0.15)
         3:            12            192  io.remotemedia.Thing
      Total            62          60192
      """;

  @Test
  void perItem_twoHistograms_ranksClassesByBytesGainedPerItem() {
    String table = HistogramDiff.perItem(OPEN, CLOSED, /* items= */ 10, /* top= */ 2);

    // [D: (4,000,000 - 0) / 10 B and 400 / 10 instances; [F: 20,000 / 10 B, 0 instances.
    assertThat(table.lines().skip(2).toList()).containsExactly(
        "    400000.0      40.00  [D",
        "      2000.0       0.00  [F",
        // All classes: (4,080,160 - 60,192) / 10; the "Total" line is not a class row.
        "    401996.8             (all classes)");
  }
}
