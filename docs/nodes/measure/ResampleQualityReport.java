// Measures AudioResample's quality:
//   java -cp remotemedia-audio-core/target/classes docs/nodes/measure/ResampleQualityReport.java
// For each quality and ratio: THD+N of a 997 Hz sine at 0.9, the largest passband deviation at
// 0.1/0.5/0.8/0.9 of the lower Nyquist frequency, the gain at 0.95, and the worst alias
// (downsampling: full-scale tones from just above the output Nyquist to the input Nyquist, the
// whole output is alias) or image (upsampling: full-scale tones across the input band, the
// residual after removing the tone) over 40 tones. 0.3 s signals; 40 ms skipped at each end.
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.resample.ResampleConfig;
import io.remotemedia.audio.resample.ResampleNode;

import java.util.Arrays;

public class ResampleQualityReport {
  public static void main(String[] args) throws Exception {
    int[][] ratios = {{44100, 16000}, {48000, 16000}, {16000, 48000}, {8000, 16000},
        {44100, 48000}, {44056, 48000}, {192000, 8000}, {8000, 192000}};
    System.out.println("| quality | ratio | THD+N 997 Hz | max passband dev ≤0.9 | gain at 0.95"
        + " | worst alias/image | held back | table |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (io.remotemedia.audio.resample.ResampleQuality q
        : io.remotemedia.audio.resample.ResampleQuality.values()) {
      for (int[] r : ratios) {
        int in = r[0], out = r[1];
        double fn = Math.min(in, out) / 2.0;
        int frames = in * 3 / 10;
        int skip = out / 25;
        ResampleNode probe = new ResampleNode(new ResampleConfig(out, q));
        probe.configure(AudioFormat.f32(in, 1), 8192);
        double[] fit = fit(run(in, out, q, sine(997, 0.9, in, frames)), 997, out, skip);
        double thdn = 20 * Math.log10(fit[1] / (fit[0] / Math.sqrt(2)));
        double worstPass = 0;
        for (double fr : new double[] {0.1, 0.5, 0.8, 0.9}) {
          double[] f = fit(run(in, out, q, sine(fr * fn, 0.5, in, frames)), fr * fn, out, skip);
          worstPass = Math.max(worstPass, Math.abs(20 * Math.log10(f[0] / 0.5)));
        }
        double g95 = 20 * Math.log10(
            fit(run(in, out, q, sine(0.95 * fn, 0.5, in, frames)), 0.95 * fn, out, skip)[0] / 0.5);
        double worst = -400;
        double worstF = 0;
        int tones = 40;
        for (int t = 0; t < tones; t++) {
          double f;
          double db;
          if (out < in) {
            f = t == 0 ? fn * 1.0005 : fn + (in / 2.0 - fn) * t / tones;
            float[] y = run(in, out, q, sine(f, 1.0, in, frames));
            double s = 0;
            for (int i = skip; i < y.length - skip; i++) s += (double) y[i] * y[i];
            db = 20 * Math.log10(Math.sqrt(2 * s / (y.length - 2 * skip)));
          } else {
            f = t == tones - 1 ? fn * 0.9995 : fn * (t + 0.5) / tones;
            db = 20 * Math.log10(fit(run(in, out, q, sine(f, 1.0, in, frames)), f, out, skip)[1]
                * Math.sqrt(2));
          }
          if (db > worst) {
            worst = db;
            worstF = f;
          }
        }
        System.out.printf("| %s | %d→%d | %.1f dB | %.4f dB | %.2f dB | %.1f dBFS at %.0f Hz"
            + " | %d frames (%.1f ms) | %d KiB |%n",
            q.name().toLowerCase(), in, out, thdn, worstPass, g95, worst, worstF,
            probe.latencyFrames(), 1000.0 * probe.latencyFrames() / out, probe.tableBytes() / 1024);
      }
    }
  }

  static float[] sine(double f, double a, int rate, int frames) {
    float[] x = new float[frames];
    for (int i = 0; i < frames; i++) x[i] = (float) (a * Math.sin(2 * Math.PI * f * i / rate));
    return x;
  }

  static float[] run(int in, int out, io.remotemedia.audio.resample.ResampleQuality q, float[] x)
      throws Exception {
    ResampleNode node = new ResampleNode(new ResampleConfig(out, q));
    node.configure(AudioFormat.f32(in, 1), x.length);
    float[] y = new float[node.maxOutputFrames(x.length) + node.maxFlushFrames()];
    int n = node.process(x, x.length, y);
    float[] tail = new float[node.maxFlushFrames()];
    int t = node.flush(tail);
    System.arraycopy(tail, 0, y, n, t);
    return Arrays.copyOf(y, n + t);
  }

  /** {amplitude, residual RMS}: least-squares fit of a·sin + b·cos + c at the known frequency. */
  static double[] fit(float[] y, double f, int rate, int skip) {
    double w = 2 * Math.PI * f / rate;
    double[][] m = new double[3][3];
    double[] v = new double[3];
    for (int n = skip; n < y.length - skip; n++) {
      double[] b = {Math.sin(w * n), Math.cos(w * n), 1};
      for (int i = 0; i < 3; i++) {
        v[i] += b[i] * y[n];
        for (int j = 0; j < 3; j++) m[i][j] += b[i] * b[j];
      }
    }
    double[] x = solve(m, v);
    double s = 0;
    for (int n = skip; n < y.length - skip; n++) {
      double e = y[n] - (x[0] * Math.sin(w * n) + x[1] * Math.cos(w * n) + x[2]);
      s += e * e;
    }
    return new double[] {Math.hypot(x[0], x[1]), Math.sqrt(s / (y.length - 2 * skip))};
  }

  static double[] solve(double[][] a, double[] b) {
    int n = 3;
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
      double[] tr = a[c]; a[c] = a[p]; a[p] = tr;
      double tb = b[c]; b[c] = b[p]; b[p] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
      x[r] = s / a[r][r];
    }
    return x;
  }
}
