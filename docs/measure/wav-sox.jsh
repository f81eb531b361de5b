// Cross-checks WavReader/WavWriter against SoX (apt-get install sox). Run from the repository root:
//   mvn -B -o -q -pl remotemedia-audio-core -am package -DskipTests
//   jshell --class-path remotemedia-audio-core/target/classes docs/measure/wav-sox.jsh
import io.remotemedia.audio.*;
import io.remotemedia.audio.wav.*;
import java.nio.*;
import java.nio.file.*;

Path dir = Files.createTempDirectory("wavsox");
void sox(String... args) throws Exception {
  var p = new ProcessBuilder(args).inheritIO().start();
  if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", args));
}
double ref(int n) { return 0.5 * Math.sin(2 * Math.PI * 1000 * n / 48000.0); }
String[][] kinds = {{"u8", "8", "unsigned"}, {"s16", "16", "signed"}, {"s24", "24", "signed"},
    {"s32", "32", "signed"}, {"f32", "32", "floating-point"}, {"f64", "64", "floating-point"}};
for (String[] k : kinds) {
  Path f = dir.resolve(k[0] + ".wav");
  sox("sox", "-D", "-n", "-r", "48000", "-c", "6", "-b", k[1], "-e", k[2], f.toString(), "synth", "1", "sine", "1000", "vol", "0.5");
  WavAudio wav = new WavReader().read(f);
  double worst = 0;
  for (int i = 0; i < wav.samples().length; i++) worst = Math.max(worst, Math.abs(wav.samples()[i] - ref(i / 6)));
  double lsb = wav.info().encoding().isFloat() ? Double.NaN : Math.pow(2, 1 - wav.info().encoding().bitsPerSample());
  System.out.printf("sox %s 6 ch -> WavReader: %s extensible=%s, max |error| vs double sine %.3g (%.2f LSB)%n",
      k[0], wav.info().encoding(), wav.info().extensible(), worst, worst / lsb);
}
float[] x = new float[48000 * 2];
for (int n = 0; n < 48000; n++) { x[2 * n] = (float) ref(n); x[2 * n + 1] = (float) (-0.25 * Math.sin(2 * Math.PI * 250 * n / 48000.0)); }
for (WavSampleEncoding e : WavSampleEncoding.values()) {
  Path ours = dir.resolve(e + ".wav"), raw = dir.resolve(e + ".f64");
  WavWriter.write(ours, AudioBuffer.of(AudioFormat.f32(48000, 2), x), e);
  sox("sox", "-D", ours.toString(), "-t", "raw", "-e", "floating-point", "-b", "64", "-L", raw.toString());
  ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
  double worst = 0;
  for (float v : x) worst = Math.max(worst, Math.abs(b.getDouble() - v));
  double lsb = e.isFloat() ? Double.NaN : Math.pow(2, 1 - e.bitsPerSample());
  System.out.printf("WavWriter %s stereo -> sox: max |sox value - our float| %.3g (%.2f LSB)%n", e, worst, worst / lsb);
}
/exit
