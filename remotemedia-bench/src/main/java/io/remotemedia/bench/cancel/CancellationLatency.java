package io.remotemedia.bench.cancel;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.audio.resample.ResampleQuality;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Measures how long a cancelled execution over 60 s of audio keeps using CPU: a thread runs a
 * resample (very_high) + biquad pipeline over 60 s of 48 kHz stereo noise, the main thread
 * interrupts it after a random 50-300 ms, and the run records the executing thread's CPU time
 * from the interrupt until it stops, and the wall time until it has stopped.
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.cancel.CancellationLatency [runs]
 * </pre>
 */
public final class CancellationLatency {
  private CancellationLatency() {}

  /**
   * Runs the measurement and prints each run and the medians.
   *
   * @param args optionally the number of runs; default 30
   * @throws InterruptedException if the main thread is interrupted while it waits for a run
   */
  public static void main(String[] args) throws InterruptedException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    AudioFormat format = AudioFormat.f32(48000, 2);
    float[] samples = new float[60 * 48000 * 2];
    Random random = new Random(1);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (random.nextGaussian() * 0.1);
    }
    AudioBuffer input = AudioBuffer.of(format, samples);
    PipelineManifest manifest = ManifestBuilder.named("heavy")
        .chain(NodeSpecs.resample("resample", 44100, ResampleQuality.VERY_HIGH),
            NodeSpecs.biquad("lowpass", FilterType.LOWPASS, 8000, 0.7071))
        .build();
    LocalPipelineRunner runner = LocalPipelineRunner.create();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    // Warm-up: the JIT must have compiled the nodes, or the first chunks are slow for that.
    for (int i = 0; i < 3; i++) {
      runner.execute(ExecutionRequest.of(manifest, "resample", AudioBuffer.of(format,
          Arrays.copyOf(samples, 10 * 48000 * 2))));
    }

    double[] cpuAfterMs = new double[runs];
    double[] wallToStopMs = new double[runs];
    int cancelled = 0;
    for (int run = 0; run < runs; run++) {
      CountDownLatch started = new CountDownLatch(1);
      long[] stoppedAt = new long[1];
      boolean[] wasCancelled = new boolean[1];
      Thread worker = new Thread(() -> {
        started.countDown();
        try {
          runner.execute(ExecutionRequest.of(manifest, "resample", input));
        } catch (PipelineException e) {
          wasCancelled[0] = true;
        }
        stoppedAt[0] = System.nanoTime();
      }, "cancel-" + run);
      worker.start();
      started.await();
      Thread.sleep(50 + random.nextInt(250));
      long cpuAtInterrupt = threads.getThreadCpuTime(worker.getId());
      long interruptedAt = System.nanoTime();
      worker.interrupt();
      // Sample the worker's CPU until it ends; the last reading before the end is its total.
      long cpuLast = cpuAtInterrupt;
      while (worker.isAlive()) {
        long cpu = threads.getThreadCpuTime(worker.getId());
        if (cpu > 0) {
          cpuLast = cpu;
        }
        Thread.onSpinWait();
      }
      worker.join();
      cpuAfterMs[run] = (cpuLast - cpuAtInterrupt) / 1e6;
      wallToStopMs[run] = (stoppedAt[0] - interruptedAt) / 1e6;
      if (wasCancelled[0]) {
        cancelled++;
      }
    }
    Arrays.sort(cpuAfterMs);
    Arrays.sort(wallToStopMs);
    System.out.printf("runs=%d cancelled=%d%n", runs, cancelled);
    System.out.printf("CPU after interrupt, ms: median %.3f, p90 %.3f, max %.3f%n",
        cpuAfterMs[runs / 2], cpuAfterMs[runs * 9 / 10], cpuAfterMs[runs - 1]);
    System.out.printf("wall until stopped, ms: median %.3f, p90 %.3f, max %.3f%n",
        wallToStopMs[runs / 2], wallToStopMs[runs * 9 / 10], wallToStopMs[runs - 1]);
  }
}
