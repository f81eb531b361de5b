package io.remotemedia.server.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A binary from a Debian package that a test needs: the test is skipped where it is missing,
 * and fails when {@code CI=true} (.ci/run installs the package).
 */
record DebianTool(Path binary, String debianPackage) {
  static final DebianTool PROMTOOL = new DebianTool(Path.of("/usr/bin/promtool"), "prometheus");
  static final DebianTool PROMETHEUS =
      new DebianTool(Path.of("/usr/bin/prometheus"), "prometheus");

  /** Returns the binary's path, or skips (fails on CI) the calling test if it is missing. */
  String require() {
    if (!Files.isExecutable(binary)) {
      String message = binary + " is missing: apt-get install -y " + debianPackage;
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + " (.ci/run must install it)");
      }
      assumeTrue(false, message + "; skipping");
    }
    return binary.toString();
  }
}
