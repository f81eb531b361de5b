package io.remotemedia.bench.memory;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Retained heap per open stream: opens {@code K} in-process streams of a 48 kHz → 16 kHz
 * resample + VAD pipeline, pushes one 20 ms chunk into each, and takes the used heap after
 * {@code System.gc()} with the streams open minus the same before they were opened, divided by
 * K. Prints each round and the median.
 *
 * <pre>
 * java -Xmx512m -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.memory.HeapPerStream [streams=200] [rounds=5]
 * </pre>
 */
public final class HeapPerStream {
  private HeapPerStream() {}

  /**
   * Runs the measurement and prints each round and the median.
   *
   * @param args optionally the number of streams (default 200) and of rounds (default 5)
   */
  public static void main(String[] args) {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    AudioBuffer chunk = MemoryStreams.chunk();
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxStreams(streams + 16).build();
    OpenStreamRequest open = MemoryStreams.OPEN;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    // Warm-up round, not counted: loads classes and compiles the paths.
    openPushClose(runner, open, chunk, streams, memory, -1);
    double[] perStream = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      perStream[round] = openPushClose(runner, open, chunk, streams, memory, round);
    }
    Arrays.sort(perStream);
    System.out.printf("streams %d, rounds %d: median retained heap per stream %.1f KiB%n",
        streams, rounds, perStream[rounds / 2] / 1024);
  }

  private static double openPushClose(LocalPipelineRunner runner, OpenStreamRequest open,
      AudioBuffer chunk, int count, MemoryMXBean memory, int round) {
    long before = usedAfterGc(memory);
    List<PipelineStream> streams = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PipelineStream stream = runner.openStream(open);
      stream.push(0, chunk);
      streams.add(stream);
    }
    long with = usedAfterGc(memory);
    for (PipelineStream stream : streams) {
      stream.close();
    }
    streams.clear();
    double perStream = (double) (with - before) / count;
    if (round >= 0) {
      System.out.printf("round %d: before %d B, with %d streams open %d B, per stream %.1f KiB%n",
          round, before, count, with, perStream / 1024);
    }
    return perStream;
  }

  static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
