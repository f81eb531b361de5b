package io.remotemedia.bench.memory;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
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

  public static void main(String[] args) {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    AudioFormat format = AudioFormat.f32(48_000, 1);
    PipelineManifest manifest = ManifestBuilder.named("resample-vad")
        .chain(NodeSpecs.resample("resample", 16_000), NodeSpecs.vad("vad"))
        .build();
    float[] samples = new float[960];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440.0 * i / 48_000));
    }
    AudioBuffer chunk = AudioBuffer.of(format, samples);
    LocalPipelineRunner runner = LocalPipelineRunner.builder().maxStreams(streams + 16).build();
    OpenStreamRequest open = OpenStreamRequest.of(manifest, format);
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
