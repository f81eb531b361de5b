package io.remotemedia.bench.resample;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.audio.resample.ResampleConfig;
import io.remotemedia.audio.resample.ResampleNode;
import io.remotemedia.audio.resample.ResampleQuality;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Our half of the side-by-side with soxr (see {@code scripts/resample-vs-soxr.sh}).
 *
 * <pre>
 * ResampleVsSoxr generate in.wav 600              # 10 min of 44.1 kHz mono float32
 * ResampleVsSoxr run in.wav out.wav 16000 high 5  # warm up, then 5 timed file-to-file runs
 * </pre>
 *
 * <p>A timed run is what ffmpeg does: read the WAV, resample it in 8192-frame chunks (the
 * pipeline executor's chunk), write the WAV. It prints the process CPU time (user + sys of
 * every JVM thread, GC and JIT included) of each run and their median, and the CPU time of the
 * resampling alone (the calling thread). The JVM is warm: two untimed runs come first.
 */
public final class ResampleVsSoxr {
  private static final int CHUNK_FRAMES = 8192;

  private ResampleVsSoxr() {}

  public static void main(String[] args) throws IOException, UnsupportedFormatException {
    if (args.length == 3 && args[0].equals("generate")) {
      generate(Path.of(args[1]), Integer.parseInt(args[2]));
    } else if (args.length == 6 && args[0].equals("run")) {
      run(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
          ResampleQuality.valueOf(args[4].toUpperCase(Locale.ROOT)), Integer.parseInt(args[5]));
    } else {
      System.err.println("usage: ResampleVsSoxr generate <out.wav> <seconds>\n"
          + "       ResampleVsSoxr run <in.wav> <out.wav> <rateHz> <quality> <runs>");
      System.exit(2);
    }
  }

  /** A 44.1 kHz mono test file: a repeating 10 s exponential sweep plus a 997 Hz tone. */
  private static void generate(Path path, int seconds) throws IOException {
    int rate = 44100;
    int frames = rate * seconds;
    float[] samples = new float[frames];
    int period = 10 * rate;
    double k = Math.log(20000.0 / 20.0);
    for (int i = 0; i < frames; i++) {
      double t = (double) (i % period) / rate;
      double sweep = Math.sin(2 * Math.PI * 20 * 10 / k * (Math.exp(t / 10 * k) - 1));
      samples[i] = (float) (0.45 * sweep + 0.45 * Math.sin(2 * Math.PI * 997 * i / rate));
    }
    FloatWav.write(path, rate, 1, samples, frames);
  }

  private static void run(Path in, Path out, int rateHz, ResampleQuality quality, int runs)
      throws IOException, UnsupportedFormatException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] total = new double[runs];
    double[] resampling = new double[runs];
    double seconds = 0;
    for (int r = -2; r < runs; r++) {
      long cpu0 = os.getProcessCpuTime();
      FloatWav.Audio audio = FloatWav.read(in);
      long thread0 = threads.getCurrentThreadCpuTime();
      int channels = audio.channelCount();
      ResampleNode node = new ResampleNode(new ResampleConfig(rateHz, quality));
      AudioFormat outFormat = node.configure(AudioFormat.f32(audio.sampleRateHz(), channels),
          CHUNK_FRAMES);
      int inFrames = audio.samples().length / channels;
      long capacity = (long) (inFrames / CHUNK_FRAMES + 1) * node.maxOutputFrames(CHUNK_FRAMES)
          + node.maxFlushFrames();
      float[] result = new float[(int) (capacity * channels)];
      // The same copies the pipeline executor makes: chunk in, scratch out, append.
      float[] chunk = new float[CHUNK_FRAMES * channels];
      float[] scratch = new float[node.maxOutputFrames(CHUNK_FRAMES) * channels];
      int written = 0;
      for (int offset = 0; offset < inFrames; offset += CHUNK_FRAMES) {
        int frames = Math.min(CHUNK_FRAMES, inFrames - offset);
        System.arraycopy(audio.samples(), offset * channels, chunk, 0, frames * channels);
        int n = node.process(chunk, frames, scratch);
        System.arraycopy(scratch, 0, result, written * channels, n * channels);
        written += n;
      }
      float[] tail = new float[node.maxFlushFrames() * channels];
      int n = node.flush(tail);
      System.arraycopy(tail, 0, result, written * channels, n * channels);
      written += n;
      long thread1 = threads.getCurrentThreadCpuTime();
      FloatWav.write(out, outFormat.sampleRateHz(), channels, result, written * channels);
      long cpu1 = os.getProcessCpuTime();
      seconds = (double) inFrames / audio.sampleRateHz();
      if (r >= 0) {
        total[r] = (cpu1 - cpu0) / 1e9;
        resampling[r] = (thread1 - thread0) / 1e9;
        System.out.printf(Locale.ROOT, "run %d: %.3f s CPU (file to file), %.3f s resampling,"
            + " %d -> %d frames%n", r, total[r], resampling[r], inFrames, written);
      }
    }
    double medianTotal = median(total);
    double medianResampling = median(resampling);
    System.out.printf(Locale.ROOT, "median: %.3f s CPU file to file (%.0fx realtime), %.3f s"
        + " resampling only (%.0fx realtime), %s, %.0f s of audio%n", medianTotal,
        seconds / medianTotal, medianResampling, seconds / medianResampling, quality, seconds);
    System.out.printf(Locale.ROOT, "ours_cpu_seconds=%.3f%n", medianTotal);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
