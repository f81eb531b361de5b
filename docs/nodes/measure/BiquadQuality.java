import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.filter.BiquadConfig;
import io.remotemedia.audio.filter.BiquadNode;
import io.remotemedia.audio.filter.FilterType;

/**
 * Measures the Biquad node against the cookbook analog prototypes (sine in, amplitude fitted in
 * steady state), and what float state instead of double would cost. Run from the repository
 * root after a build:
 * java -cp remotemedia-audio-core/target/classes docs/nodes/measure/BiquadQuality.java
 */
public class BiquadQuality {
  static final int RATE = 48000;

  public static void main(String[] args) throws Exception {
    double worst = 0;
    String where = "";
    int points = 0;
    for (FilterType type : FilterType.values()) {
      for (double f0 : new double[] {50, 1000, 10000}) {
        for (double q : new double[] {0.5, 0.7071, 4}) {
          for (double f = 40; f < 20000; f *= 1.6) {
            double expected = prototypeDb(type, f0, q, 6, f);
            if (expected < -60) {
              continue;
            }
            double measured = measureDb(new BiquadConfig(type, f0, q, 6, 1), f);
            points++;
            if (Math.abs(measured - expected) > worst) {
              worst = Math.abs(measured - expected);
              where = type + " f0=" + f0 + " q=" + q + " f=" + Math.round(f);
            }
          }
        }
      }
    }
    System.out.printf("max |measured - prototype| over %d points: %.2e dB (%s)%n",
        points, worst, where);
    System.out.printf("notch depth at f0=1000 Hz, q=5: %.1f dB%n",
        measureDb(new BiquadConfig(FilterType.NOTCH, 1000, 5, 0, 1), 1000));
    floatVersusDouble();
  }

  static double measureDb(BiquadConfig config, double f) throws Exception {
    float[] in = new float[RATE];
    for (int i = 0; i < RATE; i++) {
      in[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * i / RATE));
    }
    BiquadNode node = new BiquadNode(config);
    node.configure(AudioFormat.f32(RATE, 1), RATE);
    float[] out = new float[RATE];
    node.process(in, RATE, out);
    return 20 * Math.log10(fit(out, RATE / 2, RATE, f) / 0.5);
  }

  /** 20 Hz 2nd-order Butterworth high-pass on noise: float-state TDF-II vs double. */
  static void floatVersusDouble() {
    double w0 = 2 * Math.PI * 20 / RATE;
    double alpha = Math.sin(w0) / (2 * 0.7071067811865476);
    double c = Math.cos(w0);
    double a0 = 1 + alpha;
    double[] b = {(1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0};
    double[] a = {-2 * c / a0, (1 - alpha) / a0};
    java.util.Random random = new java.util.Random(1);
    int n = 10 * RATE;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.5 * (2 * random.nextDouble() - 1));
    }
    double s1 = 0, s2 = 0;
    float f1 = 0, f2 = 0;
    float fb0 = (float) b[0], fb1 = (float) b[1], fb2 = (float) b[2];
    float fa1 = (float) a[0], fa2 = (float) a[1];
    double signal = 0, errDouble = 0, errFloat = 0;
    // Reference: the same filter in double, fed the same float samples; errors are measured
    // against it after the double result is rounded to float (what the node outputs).
    for (int i = 0; i < n; i++) {
      double y = b[0] * x[i] + s1;
      s1 = b[1] * x[i] - a[0] * y + s2;
      s2 = b[2] * x[i] - a[1] * y;
      float yf = fb0 * x[i] + f1;
      f1 = fb1 * x[i] - fa1 * yf + f2;
      f2 = fb2 * x[i] - fa2 * yf;
      signal += y * y;
      errDouble += (y - (float) y) * (y - (float) y);
      errFloat += (y - yf) * (y - yf);
    }
    System.out.printf("20 Hz high-pass @48 kHz, noise: error/signal with double state %.1f dB"
        + " (float output rounding only), with float coefficients and state %.1f dB%n",
        10 * Math.log10(errDouble / signal), 10 * Math.log10(errFloat / signal));
  }

  static double prototypeDb(FilterType type, double f0, double q, double gainDb, double f) {
    double w = Math.tan(Math.PI * f / RATE) / Math.tan(Math.PI * f0 / RATE);
    double a = Math.pow(10, gainDb / 40), sa = Math.sqrt(a);
    double[][] nd = switch (type) {
      case LOWPASS -> new double[][] {{0, 0, 1}, {1, 1 / q, 1}};
      case HIGHPASS -> new double[][] {{1, 0, 0}, {1, 1 / q, 1}};
      case BANDPASS -> new double[][] {{0, 1 / q, 0}, {1, 1 / q, 1}};
      case NOTCH -> new double[][] {{1, 0, 1}, {1, 1 / q, 1}};
      case PEAKING -> new double[][] {{1, a / q, 1}, {1, 1 / (a * q), 1}};
      case LOWSHELF -> new double[][] {{a, a * sa / q, a * a}, {a, sa / q, 1}};
      case HIGHSHELF -> new double[][] {{a * a, a * sa / q, a}, {1, sa / q, a}};
    };
    return 20 * Math.log10(mag(nd[0], w) / mag(nd[1], w));
  }

  static double mag(double[] p, double w) {
    return Math.hypot(p[2] - p[0] * w * w, p[1] * w);
  }

  static double fit(float[] y, int from, int to, double f) {
    double w = 2 * Math.PI * f / RATE, ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(w * i), c = Math.cos(w * i);
      ss += s * s; cc += c * c; sc += s * c; ys += y[i] * s; yc += y[i] * c;
    }
    double det = ss * cc - sc * sc;
    return Math.hypot((ys * cc - yc * sc) / det, (yc * ss - ys * sc) / det);
  }
}
