package io.remotemedia.bench.memory;

import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap of one unary ExecutePipeline on a running server against its input: 60 s of
 * 44.1 kHz mono F32 resampled to 16 kHz (as {@link PeakHeapPerRequest}), one call at a time
 * through the client SDK (never streamed). Before each call: three full GCs in the server, its
 * used heap as the baseline, and its heap pools' peaks reset. Two estimates of the peak minus
 * the baseline over the input's 4 bytes per sample: the sum of the server's heap pool peaks (an
 * upper bound: pools peak at different moments) and the highest used heap read by a thread
 * polling the server over JMX as fast as it answers (a lower bound: it can miss a short peak).
 * Both count garbage not yet collected, and neither sees Netty's direct (off-heap) buffers.
 * Three calls first as a warm-up, not counted.
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.memory.ServerPeakHeapPerRequest \
 *     TARGET SERVER_PID [seconds=60] [rounds=5]
 * </pre>
 */
public final class ServerPeakHeapPerRequest {
  private ServerPeakHeapPerRequest() {}

  /**
   * Runs the measurement and prints each round and the medians.
   *
   * @param args the server's target and process id, then optionally the input's duration in seconds
   *     (default 60) and the number of rounds (default 5)
   * @throws IOException if the server's memory cannot be read
   * @throws InterruptedException if interrupted while the polling thread stops
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    String target = args[0];
    long pid = Long.parseLong(args[1]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    ExecutionRequest request = UnaryResampleCall.request(seconds);
    long inputBytes = 4L * 44_100 * seconds;
    try (RemoteMediaClient client = UnaryResampleCall.client(target);
        ServerHeap heap = ServerHeap.attach(pid)) {
      for (int i = 0; i < 3; i++) {
        client.execute(request);
      }
      double[] poolRatio = new double[rounds];
      double[] sampledRatio = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        long baseline = heap.usedAfterGc();
        long rssBefore = heap.rssBytes();
        heap.resetPeaks();
        AtomicLong sampledPeak = new AtomicLong(heap.used());
        AtomicLong samplesTaken = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
          while (running.get()) {
            sampledPeak.accumulateAndGet(heap.used(), Math::max);
            samplesTaken.incrementAndGet();
          }
        }, "server-heap-sampler");
        sampler.start();
        long start = System.nanoTime();
        int outFrames = client.execute(request).audio("resample").frameCount();
        double callMs = (System.nanoTime() - start) / 1e6;
        running.set(false);
        sampler.join();
        long poolPeak = heap.poolPeakSum();
        long rssAfter = heap.rssBytes();
        poolRatio[round] = (double) (poolPeak - baseline) / inputBytes;
        sampledRatio[round] = (double) (sampledPeak.get() - baseline) / inputBytes;
        System.out.printf("round %d: input %d B, baseline %d B, pool peaks %d B (%.2fx input),"
            + " sampled peak %d B (%.2fx input, %d samples in %.0f ms), %d frames out,"
            + " RSS %d -> %d KiB%n", round, inputBytes, baseline, poolPeak, poolRatio[round],
            sampledPeak.get(), sampledRatio[round], samplesTaken.get(), callMs, outFrames,
            rssBefore / 1024, rssAfter / 1024);
      }
      Arrays.sort(poolRatio);
      Arrays.sort(sampledRatio);
      System.out.printf("median server peak heap minus baseline / input: pool peaks %.2fx,"
          + " sampled %.2fx%n", poolRatio[rounds / 2], sampledRatio[rounds / 2]);
    }
  }
}
