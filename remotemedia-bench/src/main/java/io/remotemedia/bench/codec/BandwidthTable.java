package io.remotemedia.bench.codec;

import java.util.List;
import java.util.Locale;

/** Prints {@link BandwidthRow}s as a Markdown table, each rate against the first row's. */
final class BandwidthTable {
  private BandwidthTable() {}

  /**
   * {@return the rows as a Markdown table; ratios are against the first row (PCM F32)}
   *
   * @param rows the rows, the reference first
   */
  static String markdown(List<BandwidthRow> rows) {
    BandwidthRow reference = rows.get(0);
    StringBuilder out = new StringBuilder();
    out.append("| encoding | client→server B/s | vs F32 | server→client B/s | vs F32"
        + " | messages/s each way | once per stream: up / down B"
        + " | est. IP B/s up / down |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (BandwidthRow row : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %,.0f | %s | %.0f / %.0f"
              + " | %,d / %,d | %,.0f / %,.0f |%n",
          row.encoding().label(), row.upBytesPerSecond(),
          ratio(row.upBytesPerSecond(), reference.upBytesPerSecond()),
          row.downBytesPerSecond(),
          ratio(row.downBytesPerSecond(), reference.downBytesPerSecond()),
          row.upMessagesPerSecond(), row.downMessagesPerSecond(),
          row.upOnceBytes(), row.downOnceBytes(),
          row.upIpBytesPerSecondEstimate(), row.downIpBytesPerSecondEstimate()));
    }
    return out.toString();
  }

  private static String ratio(double value, double reference) {
    return value == reference ? "1" : String.format(Locale.ROOT, "1/%.1f", reference / value);
  }
}
