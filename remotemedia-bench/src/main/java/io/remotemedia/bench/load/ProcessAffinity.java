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
    taskset(List.of("taskset", "-a", "-pc", cpus, PID));
  }

  private static String taskset(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + exit + ": "
          + out.strip());
    }
    return out;
  }
}
