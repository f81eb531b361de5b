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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Our half of the side-by-side with soxr (see {@code scripts/resample-vs-soxr.sh}).
 *
 * <pre>
 * ResampleVsSoxr generate in.wav 600              # 10 min of 44.1 kHz mono float32
 * ResampleVsSoxr run in.wav out.wav 16000 high 5  # warm up, then 5 timed file-to-file runs
 * ResampleVsSoxr run in.wav out.wav 16000 high 5 ffmpeg ...  # the same, each run paired
 *                                                 # with one run of the peer command
 * ResampleVsSoxr sine sine.wav 997 10             # 10 s of a -1 dBFS 997 Hz sine, 44.1 kHz
 * ResampleVsSoxr thdn out.wav 997                 # THD+N of a resampled sine, in dB
 * </pre>
 *
 * <p>A timed run is what ffmpeg does: read the WAV, resample it in 8192-frame chunks (the
 * pipeline executor's chunk), write the WAV. It prints the process CPU time (user + sys of
 * every JVM thread, GC and JIT included) of each run and their median, and the CPU time of the
 * resampling alone (the calling thread). The JVM is warm: two untimed runs come first.
 *
 * <p>With a peer command, each timed run is preceded by one run of the peer under {@code
 * /usr/bin/time}; its user + sys time is paired with ours, so that both sides of each ratio see
 * the same load on a shared machine. The median of the per-run ratios is printed.
 */
public final class ResampleVsSoxr {
  private static final int CHUNK_FRAMES = 8192;

  private ResampleVsSoxr() {}

  /**
   * Runs one of the commands listed above.
   *
   * @param args the command and its arguments
   * @throws IOException if a file cannot be read or written, or the peer command cannot run
   * @throws UnsupportedFormatException if the input WAV's format cannot be resampled
   */
  public static void main(String[] args) throws IOException, UnsupportedFormatException {
    if (args.length == 3 && args[0].equals("generate")) {
      generate(Path.of(args[1]), Integer.parseInt(args[2]));
    } else if (args.length == 4 && args[0].equals("sine")) {
      sine(Path.of(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]));
    } else if (args.length == 3 && args[0].equals("thdn")) {
      thdn(Path.of(args[1]), Double.parseDouble(args[2]));
    } else if (args.length >= 6 && args[0].equals("run")) {
      run(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
          ResampleQuality.valueOf(args[4].toUpperCase(Locale.ROOT)), Integer.parseInt(args[5]),
          Arrays.asList(args).subList(6, args.length));
    } else {
      System.err.println("usage: ResampleVsSoxr generate <out.wav> <seconds>\n"
          + "       ResampleVsSoxr run <in.wav> <out.wav> <rateHz> <quality> <runs> [peer cmd...]\n"
          + "       ResampleVsSoxr sine <out.wav> <frequencyHz> <seconds>\n"
          + "       ResampleVsSoxr thdn <in.wav> <frequencyHz>");
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

  private static void sine(Path path, double frequencyHz, int seconds) throws IOException {
    int rate = 44100;
    float[] samples = new float[rate * seconds];
    double amplitude = Math.pow(10, -1 / 20.0);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / rate));
    }
    FloatWav.write(path, rate, 1, samples, samples.length);
  }

  /**
   * THD+N of the first channel: least-squares fit of a sine at the known frequency (plus DC)
   * over the file minus 0.5 s at each end, residual RMS over fundamental RMS, in dB.
   */
  private static void thdn(Path path, double frequencyHz) throws IOException {
    FloatWav.Audio audio = FloatWav.read(path);
    int channels = audio.channelCount();
    int frames = audio.samples().length / channels;
    int from = audio.sampleRateHz() / 2;
    int to = frames - audio.sampleRateHz() / 2;
    double w = 2 * Math.PI * frequencyHz / audio.sampleRateHz();
    double[][] normal = new double[3][3];
    double[] rhs = new double[3];
    for (int n = from; n < to; n++) {
      double[] basis = {Math.sin(w * n), Math.cos(w * n), 1};
      double y = audio.samples()[n * channels];
      for (int r = 0; r < 3; r++) {
        rhs[r] += basis[r] * y;
        for (int c = 0; c < 3; c++) {
          normal[r][c] += basis[r] * basis[c];
        }
      }
    }
    double[] x = solve(normal, rhs);
    double residual = 0;
    for (int n = from; n < to; n++) {
      double e = audio.samples()[n * channels]
          - (x[0] * Math.sin(w * n) + x[1] * Math.cos(w * n) + x[2]);
      residual += e * e;
    }
    double amplitude = Math.hypot(x[0], x[1]);
    double db = 20 * Math.log10(Math.sqrt(residual / (to - from)) / (amplitude / Math.sqrt(2)));
    System.out.printf(Locale.ROOT, "%s: %d Hz, amplitude %.6f, THD+N %.1f dB%n", path,
        audio.sampleRateHz(), amplitude, db);
  }

  /** Gaussian elimination with partial pivoting, for the 3x3 normal equations. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] row = a[col];
      a[col] = a[pivot];
      a[pivot] = row;
      double t = b[col];
      b[col] = b[pivot];
      b[pivot] = t;
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c < n; c++) {
          a[r][c] -= f * a[col][c];
        }
        b[r] -= f * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double sum = b[r];
      for (int c = r + 1; c < n; c++) {
        sum -= a[r][c] * x[c];
      }
      x[r] = sum / a[r][r];
    }
    return x;
  }

  private static void run(Path in, Path out, int rateHz, ResampleQuality quality, int runs,
      List<String> peer) throws IOException, UnsupportedFormatException {
    double[] peerCpu = new double[runs];
    double[] ratio = new double[runs];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] total = new double[runs];
    double[] resampling = new double[runs];
    double seconds = 0;
    for (int r = -2; r < runs; r++) {
      if (r >= 0 && !peer.isEmpty()) {
        peerCpu[r] = timePeer(peer);
      }
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
        if (!peer.isEmpty()) {
          ratio[r] = total[r] / peerCpu[r];
          System.out.printf(Locale.ROOT, "run %d: peer %.3f s CPU, ratio ours/peer %.2f%n", r,
              peerCpu[r], ratio[r]);
        }
      }
    }
    double medianTotal = median(total);
    double medianResampling = median(resampling);
    System.out.printf(Locale.ROOT, "median: %.3f s CPU file to file (%.0fx realtime), %.3f s"
        + " resampling only (%.0fx realtime), %s, %.0f s of audio%n", medianTotal,
        seconds / medianTotal, medianResampling, seconds / medianResampling, quality, seconds);
    System.out.printf(Locale.ROOT, "ours_cpu_seconds=%.3f%n", medianTotal);
    if (!peer.isEmpty()) {
      System.out.printf(Locale.ROOT, "paired: peer median %.3f s CPU, median ratio ours/peer"
          + " %.2f (runs: %s)%n", median(peerCpu), median(ratio), Arrays.toString(ratio));
    }
  }

  /** Runs {@code command} under /usr/bin/time and returns its user + sys seconds. */
  private static double timePeer(List<String> command) throws IOException {
    List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S"));
    timed.addAll(command);
    Process process = new ProcessBuilder(timed)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    String stderr = new String(process.getErrorStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8).trim();
    try {
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IOException("peer command failed (" + exit + "): " + stderr);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while timing the peer command", e);
    }
    String[] lines = stderr.split("\n");
    String[] fields = lines[lines.length - 1].trim().split(" ");
    return Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
