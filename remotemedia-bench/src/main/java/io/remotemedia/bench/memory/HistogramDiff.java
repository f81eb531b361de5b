package io.remotemedia.bench.memory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The difference of two {@code jmap -histo} texts, per class, divided over a number of items. */
final class HistogramDiff {
  // "   1:   392   4445384  [D (java.base@17.0.15)": rank, instances, bytes, class name.
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private HistogramDiff() {}

  /**
   * Returns a table of the {@code top} classes with the most more live bytes in {@code with}
   * than in {@code without} (e.g. with the streams open, then after they closed), divided by
   * {@code items}, and the total over all classes.
   */
  static String perItem(String with, String without, int items, int top) {
    Map<String, long[]> withRows = parse(with);
    Map<String, long[]> withoutRows = parse(without);
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "live bytes and instances per item (%d items), open minus closed, top %d:%n%12s %10s  %s%n",
        items, top, "bytes/item", "inst/item", "class"));
    long[] zero = {0, 0};
    long total = withRows.entrySet().stream()
        .mapToLong(e -> e.getValue()[1] - withoutRows.getOrDefault(e.getKey(), zero)[1]).sum();
    withRows.entrySet().stream()
        .sorted((a, b) -> Long.compare(
            b.getValue()[1] - withoutRows.getOrDefault(b.getKey(), zero)[1],
            a.getValue()[1] - withoutRows.getOrDefault(a.getKey(), zero)[1]))
        .limit(top)
        .forEach(e -> {
          long[] before = withoutRows.getOrDefault(e.getKey(), zero);
          text.append(String.format(Locale.ROOT, "%12.1f %10.2f  %s%n",
              (double) (e.getValue()[1] - before[1]) / items,
              (double) (e.getValue()[0] - before[0]) / items, e.getKey()));
        });
    text.append(String.format(Locale.ROOT, "%12.1f %10s  (all classes)%n",
        (double) total / items, ""));
    return text.toString();
  }

  private static Map<String, long[]> parse(String histogram) {
    Map<String, long[]> rows = new HashMap<>();
    for (String line : histogram.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.merge(m.group(3), new long[] {Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2))}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
    }
    return rows;
  }
}
