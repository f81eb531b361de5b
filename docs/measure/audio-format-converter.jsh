// Measures the AudioFormatConverter's quantisation error and dither behaviour.
// Run from the repository root after building audio-core:
//   mvn -B -o -q -pl remotemedia-audio-core -am package -DskipTests
//   jshell --class-path remotemedia-audio-core/target/classes docs/measure/audio-format-converter.jsh
import io.remotemedia.audio.*;
import io.remotemedia.audio.format.*;

float[] run(Dither dither, float[] in) throws Exception {
  var node = new AudioFormatConverterNode(new AudioFormatConverterConfig(SampleFormat.I16, dither));
  node.configure(AudioFormat.f32(48000, 1), in.length);
  float[] out = new float[in.length];
  node.process(in, in.length, out);
  return out;
}
double[] moments(float[] in, float[] out) {
  double s = 0, s2 = 0;
  for (int i = 0; i < in.length; i++) { double e = ((double) out[i] - in[i]) * 32768; s += e; s2 += e * e; }
  double m = s / in.length;
  return new double[] {m, s2 / in.length - m * m};
}
double amplitude(float[] x, double f) {
  double re = 0, im = 0;
  for (int n = 0; n < x.length; n++) { double p = 2 * Math.PI * f * n / 48000; re += x[n] * Math.cos(p); im -= x[n] * Math.sin(p); }
  return 2 * Math.hypot(re, im) / x.length;
}
String db(double a) { return String.format("%.1f dBFS", 20 * Math.log10(a)); }

var random = new java.util.Random(1);
float[] noise = new float[1 << 22];
for (int i = 0; i < noise.length; i++) noise[i] = (float) (random.nextDouble() - 0.5);
for (Dither d : Dither.values()) {
  double[] m = moments(noise, run(d, noise));
  System.out.printf("uniform noise, 2^22 samples, dither %-4s: error mean %+.5f LSB, variance %.5f LSB^2%n", d, m[0], m[1]);
}
for (double frac : new double[] {0, 0.25, 0.5, 0.8}) {
  float[] c = new float[1 << 20];
  java.util.Arrays.fill(c, (float) ((100 + frac) / 32768));
  for (Dither d : Dither.values()) {
    double[] m = moments(c, run(d, c));
    System.out.printf("constant 100+%.2f LSB, dither %-4s: error mean %+.5f LSB, variance %.5f LSB^2%n", frac, d, m[0], m[1]);
  }
}
float[] sine = new float[48000];
for (int n = 0; n < sine.length; n++) sine[n] = (float) (2.3 / 32768 * Math.sin(2 * Math.PI * 1000 * n / 48000));
for (Dither d : Dither.values()) {
  float[] out = run(d, sine);
  double worst = 0; int worstH = 0;
  for (int h = 2; h <= 20; h++) { double a = amplitude(out, 1000.0 * h); if (a > worst) { worst = a; worstH = h; } }
  System.out.printf("1 kHz sine of 2.3 LSB, 1 s, dither %-4s: fundamental %s, worst harmonic (2..20) H%d at %s%n", d, db(amplitude(out, 1000)), worstH, db(worst));
}
/exit
