package io.remotemedia.bench.memory;

import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Heap bytes allocated and CPU time spent per unary ExecutePipeline, on the server and in the
 * client, for the {@code resample-1s} request (1 s of 44.1 kHz mono F32, 176,400 bytes of
 * samples, resampled to 16 kHz) sent one at a time through the client SDK. Allocation is read
 * from the threads' allocation counters (the server's over JMX), so it hardly depends on the
 * machine's load, unlike latency; the server's CPU comes from {@code /proc/PID/stat}. Each
 * round makes {@code calls} calls after a warm-up; the medians of the rounds are printed.
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.memory.ServerAllocationPerRequest TARGET SERVER_PID \
 *     [seconds=1] [calls=1000] [rounds=5] [warmupCalls=2000]
 * </pre>
 */
public final class ServerAllocationPerRequest {
  private static final long CLOCK_TICK_NANOS = 10_000_000L;

  private ServerAllocationPerRequest() {}

  /**
   * Runs the measurement and prints each round and the medians.
   *
   * @param args the server's target and process id, then optionally the input's duration in
   *     seconds, the calls per round, the number of rounds and the warm-up calls
   * @throws IOException if the server cannot be read
   */
  public static void main(String[] args) throws IOException {
    String target = args[0];
    long pid = Long.parseLong(args[1]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int calls = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    int warmupCalls = args.length > 5 ? Integer.parseInt(args[5]) : 2000;
    ExecutionRequest request = UnaryResampleCall.request(seconds);
    com.sun.management.ThreadMXBean own =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (RemoteMediaClient client = UnaryResampleCall.client(target);
        ServerHeap server = ServerHeap.attach(pid)) {
      for (int i = 0; i < warmupCalls; i++) {
        client.execute(request);
      }
      double[] serverBytes = new double[rounds];
      double[] clientBytes = new double[rounds];
      double[] serverCpuUs = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        long serverBefore = server.threadAllocatedBytes();
        long clientBefore = allocated(own);
        long cpuBefore = cpuTicks(pid);
        for (int i = 0; i < calls; i++) {
          client.execute(request);
        }
        long cpuAfter = cpuTicks(pid);
        long clientAfter = allocated(own);
        long serverAfter = server.threadAllocatedBytes();
        serverBytes[round] = (double) (serverAfter - serverBefore) / calls;
        clientBytes[round] = (double) (clientAfter - clientBefore) / calls;
        serverCpuUs[round] = (cpuAfter - cpuBefore) * CLOCK_TICK_NANOS / 1e3 / calls;
        System.out.printf("round %d: server %.0f B/call, client %.0f B/call (input %d B),"
            + " server CPU %.0f us/call%n", round, serverBytes[round], clientBytes[round],
            4L * 44_100 * seconds, serverCpuUs[round]);
      }
      System.out.printf("median of %d rounds of %d calls: server %.0f B/call, client %.0f"
          + " B/call, server CPU %.0f us/call%n", rounds, calls, median(serverBytes),
          median(clientBytes), median(serverCpuUs));
    }
  }

  private static long allocated(com.sun.management.ThreadMXBean threads) {
    long sum = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, bytes);
    }
    return sum;
  }

  /** utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
