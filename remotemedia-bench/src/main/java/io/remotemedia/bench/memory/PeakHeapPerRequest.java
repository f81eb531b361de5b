package io.remotemedia.bench.memory;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap of one unary execution against its input: 60 s of 44.1 kHz mono F32 resampled to
 * 16 kHz in process. Before each run: {@code System.gc()}, the baseline used heap (the input
 * is already allocated and counts in it), and the heap pools' peak usage reset. Reports two
 * peaks minus the baseline, each divided by the input's size in bytes (4 per sample, as on the
 * wire): the sum of the heap pools' peak usage (an upper bound, as pools peak at different
 * moments) and the highest used heap seen by a thread sampling every millisecond (a lower
 * bound). Both include garbage not yet collected. Prints each round and the medians.
 *
 * <pre>
 * java -Xmx512m -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.memory.PeakHeapPerRequest [seconds=60] [rounds=5]
 * </pre>
 */
public final class PeakHeapPerRequest {
  private PeakHeapPerRequest() {}

  /**
   * Runs the measurement and prints each round and the medians.
   *
   * @param args optionally the input's duration in seconds (default 60) and the number of rounds
   *     (default 5)
   * @throws InterruptedException if interrupted while the sampling thread stops
   */
  public static void main(String[] args) throws InterruptedException {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    float[] samples = new float[seconds * 44_100];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440.0 * i / 44_100));
    }
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(44_100, 1), samples);
    long inputBytes = 4L * samples.length;
    PipelineManifest manifest = ManifestBuilder.named("resample-16k")
        .node(NodeSpecs.resample("resample", 16_000)).build();
    ExecutionRequest request = ExecutionRequest.of(manifest, "resample", input);
    LocalPipelineRunner runner = LocalPipelineRunner.create();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();

    for (int i = 0; i < 3; i++) {
      runner.execute(request);
    }
    double[] poolRatio = new double[rounds];
    double[] sampledRatio = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long baseline = HeapPerStream.usedAfterGc(memory);
      pools.forEach(MemoryPoolMXBean::resetPeakUsage);
      AtomicLong sampledPeak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
      AtomicBoolean running = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (running.get()) {
          sampledPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      sampler.start();
      int outFrames = runner.execute(request).audio("resample").frameCount();
      running.set(false);
      sampler.join();
      long poolPeak = pools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
      poolRatio[round] = (double) (poolPeak - baseline) / inputBytes;
      sampledRatio[round] = (double) (sampledPeak.get() - baseline) / inputBytes;
      System.out.printf("round %d: input %d B, baseline %d B, pool peaks %d B (%.2fx input),"
          + " sampled peak %d B (%.2fx input), %d frames out%n", round, inputBytes, baseline,
          poolPeak, poolRatio[round], sampledPeak.get(), sampledRatio[round], outFrames);
    }
    Arrays.sort(poolRatio);
    Arrays.sort(sampledRatio);
    System.out.printf("median peak minus baseline / input: pool peaks %.2fx, sampled %.2fx%n",
        poolRatio[rounds / 2], sampledRatio[rounds / 2]);
  }
}
