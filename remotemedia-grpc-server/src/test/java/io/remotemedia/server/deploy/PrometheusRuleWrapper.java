package io.remotemedia.server.deploy;

import java.util.stream.Collectors;

/**
 * Wraps a Prometheus rule file into a Prometheus Operator {@code PrometheusRule}, exactly as the
 * shell command in docs/deploy/README.md ("Monitoring") does: a header, then the file indented
 * by two spaces under {@code spec:}. The rule file stays the one home of the rules.
 */
final class PrometheusRuleWrapper {
  /** The header the README's command prints. */
  static final String HEADER = """
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata:
        name: remotemedia-server
      spec:
      """;

  private PrometheusRuleWrapper() {}

  /** Returns {@code ruleFile} as a PrometheusRule manifest. */
  static String wrap(String ruleFile) {
    return ruleFile.lines().map(line -> line.isEmpty() ? line : "  " + line)
        .collect(Collectors.joining("\n", HEADER, "\n"));
  }
}
