package io.remotemedia.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of a process on Linux, read from {@code /proc/PID/stat} in clock
 * ticks, usually 10 ms: good for intervals of seconds.
 */
final class ProcessCpu {
  /** USER_HZ on Linux x86-64 and arm64. */
  private static final double TICK_MS = 10.0;

  private final Path stat;

  ProcessCpu(long pid) {
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.isReadable(stat)) {
      throw new IllegalArgumentException("--server-pid " + pid + ": cannot read " + stat
          + " (no such process, or not Linux)");
    }
  }

  /** Returns the CPU time the process has used so far, in milliseconds. */
  double cpuMs() {
    String text;
    try {
      text = Files.readString(stat);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stat, e);
    }
    // The command name in parentheses may hold spaces: count fields after the last ')'.
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    // Fields 14 (utime) and 15 (stime) of proc(5); here shifted by the two before ')'.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MS;
  }
}
