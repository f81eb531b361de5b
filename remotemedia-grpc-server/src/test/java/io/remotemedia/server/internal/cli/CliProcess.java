package io.remotemedia.server.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line ({@code ServerMain}) in a JVM of its own, whose standard input and
 * output are pipes, as {@code sox ... | java -jar remotemedia-server.jar run ... | ...} has
 * them: the test's own JVM cannot give a command its real standard streams.
 */
final class CliProcess {
  /**
   * What the process left.
   *
   * @param status its exit status
   * @param out the bytes it wrote to its standard output
   * @param err what it wrote to its standard error
   */
  record Result(int status, byte[] out, String err) {}

  private CliProcess() {}

  /**
   * Runs {@code args} with {@code input} piped to the standard input, then closed.
   *
   * @throws AssertionError if the process does not end within 60 s
   */
  static Result run(byte[] input, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.remotemedia.server.ServerMain"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    // Both read while the input is written: a full pipe would hold the process otherwise.
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(
        () -> readAll(process.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(
        () -> readAll(process.getErrorStream()));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input);
    } catch (IOException closedEarly) {
      // The process stopped reading (it refused the input): its status and stderr say why.
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the command did not end within 60 s: " + command);
    }
    return new Result(process.exitValue(), out.join(),
        new String(err.join(), StandardCharsets.UTF_8));
  }

  /**
   * {@return the bytes of a 44-byte-header WAV file as a writer that cannot seek back writes
   * them to a pipe: its RIFF and data sizes are the placeholder 0xFFFFFFFF (docs/wav.md)}
   */
  static byte[] asPiped(byte[] wav) {
    byte[] piped = wav.clone();
    Arrays.fill(piped, 4, 8, (byte) 0xFF);
    Arrays.fill(piped, 40, 44, (byte) 0xFF);
    return piped;
  }

  private static byte[] readAll(InputStream stream) {
    try (stream) {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
