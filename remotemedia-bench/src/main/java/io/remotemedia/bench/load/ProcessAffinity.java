package io.remotemedia.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * This process's CPU affinity, read and set with {@code taskset} (util-linux), so that the
 * in-process rounds of a side-by-side run can be measured on the server's CPU: on a VM whose
 * vCPUs run the same code at different speeds for minutes at a time, the pipeline in the server
 * and the pipeline in process are then timed on the same one. Linux only.
 */
final class ProcessAffinity {
  private static final String PID = Long.toString(ProcessHandle.current().pid());

  private ProcessAffinity() {}

  /** {@return the CPU list every thread may run on now, such as {@code 0,1} or {@code 0-3}} */
  static String current() throws IOException, InterruptedException {
    String out = taskset(List.of("taskset", "-pc", PID));
    // "pid 1234's current affinity list: 0,1"
    int colon = out.lastIndexOf(':');
    if (colon < 0) {
      throw new IOException("taskset -pc " + PID + ": unexpected output: " + out);
    }
    return out.substring(colon + 1).strip();
  }

  /** Moves every thread of this process (and so the threads they start) onto {@code cpus}. */
  static void set(String cpus) throws IOException, InterruptedException {
    List<String> command = List.of("taskset", "-a", "-pc", cpus, PID);
    // taskset -a lists the threads, then sets each one: a thread that ends in between fails
    // the whole command ("No such process"), the others set. Setting them again is harmless.
    for (int attempt = 1; ; attempt++) {
      Result result = run(command);
      if (result.exit() == 0) {
        return;
      }
      if (attempt == 5 || !result.out().contains("No such process")) {
        throw result.failure(command);
      }
    }
  }

  /**
   * {@return what {@code work} returns, run with this process on {@code cpus}} Afterwards, also
   * when {@code work} throws, the process is back on {@code afterwards}.
   */
  static <T> T during(String cpus, String afterwards, Work<T> work)
      throws IOException, InterruptedException {
    set(cpus);
    try {
      return work.run();
    } finally {
      set(afterwards);
    }
  }

  /** A part of a load run, which may fail as the runs do. */
  interface Work<T> {
    T run() throws IOException, InterruptedException;
  }

  private static String taskset(List<String> command) throws IOException, InterruptedException {
    Result result = run(command);
    if (result.exit() != 0) {
      throw result.failure(command);
    }
    return result.out();
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), out);
  }

  /** How a taskset command ended: its exit code and its output. */
  private record Result(int exit, String out) {
    IOException failure(List<String> command) {
      return new IOException(String.join(" ", command) + " exited with " + exit + ": "
          + out.strip());
    }
  }
}
