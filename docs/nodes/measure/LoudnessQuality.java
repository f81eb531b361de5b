import io.remotemedia.audio.loudness.LoudnessMeter;
import io.remotemedia.audio.loudness.TruePeakMeter;

/**
 * Reads the EBU Tech 3341 cases 1-5 and the BS.1770 997 Hz reference with LoudnessMeter at
 * 48 and 44.1 kHz, and the TruePeakMeter's error on faded sines against their analytic peak.
 * Run from the repository root after a build:
 * java -cp remotemedia-audio-core/target/classes docs/nodes/measure/LoudnessQuality.java
 */
public class LoudnessQuality {
  public static void main(String[] args) {
    double[][][] cases = {
        {{-23}, {20}}, {{-33}, {20}}, {{-36, -23, -36}, {10, 60, 10}},
        {{-72, -36, -23, -36, -72}, {10, 10, 60, 10, 10}}, {{-26, -20, -26}, {20, 20.1, 20}}};
    double[] expected = {-23, -33, -23, -23, -23};
    for (int rate : new int[] {48000, 44100}) {
      for (int c = 0; c < cases.length; c++) {
        double lufs = measure(rate, 2, stepped(rate, cases[c][0], cases[c][1], 2));
        System.out.printf("%d Hz EBU 3341 case %d: %.3f LUFS (expected %.1f +/- 0.1)%n",
            rate, c + 1, lufs, expected[c]);
      }
      float[] left = new float[2 * 5 * rate];
      for (int i = 0; i < 5 * rate; i++) {
        left[2 * i] = (float) Math.sin(2 * Math.PI * 997 * i / rate);
      }
      System.out.printf("%d Hz 0 dBFS 997 Hz on L only: %.3f LUFS (expected -3.01)%n", rate,
          measure(rate, 2, left));
    }
    int rate = 48000;
    for (double f : new double[] {1000, 5000, 10000, 12000, 15000, 18000, 20000}) {
      double worst = 0;
      double worstLow = 0;
      for (int k = 0; k < 32; k++) {
        double phase = Math.PI * 2 * k / 32;
        float[] x = new float[rate / 2];
        for (int n = 0; n < x.length; n++) {
          double edge = Math.min(n, x.length - 1 - n);
          double env = edge >= 2000 ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * edge / 2000);
          x[n] = (float) (0.5 * env * Math.sin(2 * Math.PI * f * n / rate + phase));
        }
        TruePeakMeter meter = new TruePeakMeter(1);
        meter.accept(x, x.length);
        double error = meter.truePeakDbtp() - 20 * Math.log10(0.5);
        worst = Math.max(worst, error);
        worstLow = Math.min(worstLow, error);
      }
      System.out.printf(
          "true peak of a %5.0f Hz sine @48 kHz, 32 phases: error %+.3f .. %+.3f dB%n",
          f, worstLow, worst);
    }
  }

  static float[] stepped(int rate, double[] levels, double[] durations, int channels) {
    int total = 0;
    for (double d : durations) {
      total += (int) Math.round(d * rate);
    }
    float[] out = new float[total * channels];
    int n = 0;
    for (int s = 0; s < levels.length; s++) {
      double a = Math.pow(10, levels[s] / 20);
      for (int i = 0; i < (int) Math.round(durations[s] * rate); i++, n++) {
        float v = (float) (a * Math.sin(2 * Math.PI * 1000 * n / rate));
        for (int c = 0; c < channels; c++) {
          out[n * channels + c] = v;
        }
      }
    }
    return out;
  }

  static double measure(int rate, int channels, float[] x) {
    LoudnessMeter meter =
        new LoudnessMeter(rate, channels, x.length / channels / (double) rate + 1);
    meter.accept(x, x.length / channels);
    return meter.integratedLufs();
  }
}
