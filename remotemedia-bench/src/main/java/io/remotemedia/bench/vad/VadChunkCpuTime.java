package io.remotemedia.bench.vad;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.audio.vad.VadConfig;
import io.remotemedia.audio.vad.VadMode;
import io.remotemedia.audio.vad.VadNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The thread CPU time of one 20 ms chunk through the VAD node, in the set-up of {@code
 * NodeChunkBenchmark -p node=VAD} (16 kHz mono, the same noise chunk every call, normal mode,
 * 20 ms frames, min speech 100, min silence 250, padding 20 ms). On a shared machine JMH's wall
 * time per call also counts the time the thread waits for a core; CPU time does not, so this
 * compares two builds fairly when other jobs load the machine. Not a replacement for JMH on a
 * quiet machine: caches and frequency still depend on the neighbours.
 *
 * <p>Usage: {@code java -cp remotemedia-bench/target/classes:remotemedia-audio-core/target/classes
 * io.remotemedia.bench.vad.VadChunkCpuTime}. Prints the median, minimum and maximum of 7
 * measurements of 50,000 chunks each, after 100,000 chunks of warm-up.
 */
public final class VadChunkCpuTime {
  private static final int FRAMES = 320;
  private static final int WARM_UP_CHUNKS = 100_000;
  private static final int CHUNKS_PER_MEASUREMENT = 50_000;
  private static final int MEASUREMENTS = 7;

  private VadChunkCpuTime() {}

  /**
   * Runs the measurement and prints one line.
   *
   * @param args ignored
   * @throws UnsupportedFormatException never (16 kHz mono is supported)
   */
  public static void main(String[] args) throws UnsupportedFormatException {
    VadNode node = new VadNode(new VadConfig(VadMode.NORMAL, 20, 100, 250, 20, false));
    node.configure(AudioFormat.f32(16000, 1), FRAMES);
    float[] in = new float[FRAMES];
    Random random = new Random(1);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (random.nextGaussian() * 0.1);
    }
    float[] out = new float[Math.max(node.maxOutputFrames(FRAMES), node.maxFlushFrames())];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long written = 0;
    for (int i = 0; i < WARM_UP_CHUNKS; i++) {
      written += node.process(in, FRAMES, out);
    }
    double[] micros = new double[MEASUREMENTS];
    for (int m = 0; m < MEASUREMENTS; m++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < CHUNKS_PER_MEASUREMENT; i++) {
        written += node.process(in, FRAMES, out);
      }
      micros[m] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / CHUNKS_PER_MEASUREMENT;
    }
    Arrays.sort(micros);
    // The frame count keeps the JIT from dropping the calls.
    System.out.printf(Locale.ROOT,
        "VAD 16 kHz, 20 ms chunks: median %.2f us CPU per chunk (min %.2f, max %.2f; %d frames)%n",
        micros[MEASUREMENTS / 2], micros[0], micros[MEASUREMENTS - 1], written);
  }
}
