package io.remotemedia.server.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A finished command: its exit code and its output (stdout and stderr together).
 *
 * @param exitCode the process's exit code
 * @param output what it printed
 */
record ProcessRun(int exitCode, String output) {
  /**
   * Runs {@code command} in {@code directory} to completion, within 60 s.
   *
   * @throws IOException if it cannot start
   * @throws AssertionError if it runs longer than 60 s (it is killed)
   */
  static ProcessRun of(Path directory, List<String> command)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File(
            "/dev/null"))).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within 60 s");
    }
    return new ProcessRun(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
