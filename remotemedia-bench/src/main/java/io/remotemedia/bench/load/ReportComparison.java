package io.remotemedia.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Puts two JSON reports side by side: each figure of A, of B, and B / A. */
final class ReportComparison {
  private static final List<String> LATENCIES = List.of("p50", "p90", "p95", "p99", "p99_9", "max",
      "mean");

  private ReportComparison() {}

  /**
   * Returns the comparison as text.
   *
   * @throws IOException if a report cannot be read
   * @throws IllegalArgumentException if a file is not a load report
   */
  static String compare(Path a, Path b) throws IOException {
    Map<String, Object> first = read(a);
    Map<String, Object> second = read(b);
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%-24s %14s %14s %9s%n", "", "A", "B", "B/A"));
    text.append(String.format(Locale.ROOT, "%-24s %14s %14s%n", "run",
        first.get("scenario") + "/" + first.get("via"),
        second.get("scenario") + "/" + second.get("via")));
    row(text, "rps", number(first, "rps", a), number(second, "rps", b));
    row(text, "errors", number(first, "error_count", a), number(second, "error_count", b));
    Map<String, Object> latencyA = latency(first, a);
    Map<String, Object> latencyB = latency(second, b);
    for (String key : LATENCIES) {
      row(text, "latency " + key.replace('_', '.') + " ms", number(latencyA, key, a),
          number(latencyB, key, b));
    }
    return text.toString();
  }

  private static void row(StringBuilder text, String name, double a, double b) {
    text.append(String.format(Locale.ROOT, "%-24s %14.3f %14.3f %9s%n", name, a, b,
        a == 0 ? "-" : String.format(Locale.ROOT, "%.3f", b / a)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> latency(Map<String, Object> report, Path file) {
    if (!(report.get("latency_ms") instanceof Map<?, ?> latency)) {
      throw new IllegalArgumentException(file + ": no \"latency_ms\" object; not a load report");
    }
    return (Map<String, Object>) latency;
  }

  private static double number(Map<String, Object> map, String key, Path file) {
    if (!(map.get(key) instanceof Number value)) {
      throw new IllegalArgumentException(file + ": \"" + key + "\" is missing or not a number");
    }
    return value.doubleValue();
  }

  private static Map<String, Object> read(Path file) throws IOException {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(file));
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + ": not a JSON object; not a load report");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) map;
    return report;
  }
}
