package io.remotemedia.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.TestSignals;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cross-checks the reader and the writer against SoX, an independent WAV implementation. Skips
 * when {@code sox} is not installed, except on CI ({@code CI=true}), where it fails.
 */
class WavSoxCrossCheckTest {
  private static final double RATE = 48000;

  @TempDir Path dir;

  private static boolean soxPresent;

  @BeforeAll
  static void findSox() throws InterruptedException {
    try {
      soxPresent = new ProcessBuilder("sox", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    } catch (IOException e) {
      soxPresent = false;
    }
  }

  @BeforeEach
  void requireSox() {
    if (!soxPresent && "true".equals(System.getenv("CI"))) {
      fail("sox is not installed, and CI=true requires this cross-check: apt-get install sox");
    }
    // Per test rather than per class, so that each test is reported as skipped, with why.
    Assumptions.assumeTrue(soxPresent,
        "sox is not installed; skipping the SoX cross-check (apt-get install sox to run it)");
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s said: %s", String.join(" ", command),
        new String(output, java.nio.charset.StandardCharsets.UTF_8)).isZero();
  }

  /** sox synthesises a half-scale 1 kHz sine, undithered (-D), in the given encoding. */
  private Path soxSine(String name, int channels, String... encoding) throws Exception {
    Path file = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of("sox", "-D", "-n", "-r", "48000", "-c",
        Integer.toString(channels)));
    command.addAll(List.of(encoding));
    command.addAll(List.of(file.toString(), "synth", "0.05", "sine", "1000", "vol", "0.5"));
    run(command.toArray(String[]::new));
    return file;
  }

  private static void assertSine(float[] interleaved, int channels, double tolerance) {
    double[] reference = TestSignals.sineDouble(1000, 0.5, (int) RATE,
        interleaved.length / channels);
    for (int c = 0; c < channels; c++) {
      float[] channel = TestSignals.channel(interleaved, channels, c);
      for (int i = 0; i < reference.length; i++) {
        assertThat(Math.abs(channel[i] - reference[i])).as("channel %d frame %d", c, i)
            .isLessThanOrEqualTo(tolerance);
      }
    }
  }

  @Test
  void read_soxPcm16Mono_matchesTheReferenceSineWithinOneStep() throws Exception {
    WavAudio wav = new WavReader().read(soxSine("s16.wav", 1, "-b", "16", "-e", "signed"));

    assertThat(wav.info().encoding()).isEqualTo(WavSampleEncoding.PCM_S16);
    assertThat(wav.info().frameCount()).isEqualTo(2400);
    assertSine(wav.samples(), 1, 1.0 / 32768);
  }

  @Test
  void read_soxPcm24SixChannelExtensible_matchesOnEveryChannel() throws Exception {
    WavAudio wav = new WavReader().read(soxSine("s24.wav", 6, "-b", "24", "-e", "signed"));

    assertThat(wav.info().extensible()).isTrue();
    assertThat(wav.info().channelCount()).isEqualTo(6);
    assertThat(wav.info().encoding()).isEqualTo(WavSampleEncoding.PCM_S24);
    assertSine(wav.samples(), 6, 1.0 / 8388608);
  }

  @Test
  void read_soxUnsigned8AndFloat32_matchTheReference() throws Exception {
    WavAudio u8 = new WavReader().read(soxSine("u8.wav", 2, "-b", "8", "-e", "unsigned"));
    WavAudio f32 = new WavReader().read(soxSine("f32.wav", 1, "-b", "32", "-e",
        "floating-point"));

    assertThat(u8.info().encoding()).isEqualTo(WavSampleEncoding.PCM_U8);
    assertSine(u8.samples(), 2, 1.0 / 128);
    assertThat(f32.info().encoding()).isEqualTo(WavSampleEncoding.FLOAT32);
    assertSine(f32.samples(), 1, 1e-6);
  }

  /**
   * Runs sox with {@code -t wav -} as its output, so that it writes to a pipe, cannot seek back
   * and leaves its placeholder sizes in the header, and saves what it wrote.
   */
  private Path soxToPipe(String name, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("sox", "-D", "-n"));
    command.addAll(List.of(arguments));
    Path errors = dir.resolve(name + ".stderr");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    byte[] wav = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s said: %s", String.join(" ", command),
        Files.readString(errors)).isZero();
    Path file = dir.resolve(name);
    Files.write(file, wav);
    return file;
  }

  /** {@return the size field of the file's data chunk} */
  private static long dataSizeField(Path file) throws IOException {
    ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 12;
    while (wav.getInt(offset) != 0x61746164) { // "data"
      offset += 8 + (wav.getInt(offset + 4) + 1 & ~1);
    }
    return Integer.toUnsignedLong(wav.getInt(offset + 4));
  }

  @Test
  void read_soxWavWrittenToAPipe_readsEveryFrame() throws Exception {
    // The new user's command: sox -n -t wav - synth 1 sine 440 | cat > piped.wav
    Path piped = soxToPipe("piped.wav", "-t", "wav", "-", "synth", "1", "sine", "440");

    WavAudio wav = new WavReader().read(piped);

    assertThat(dataSizeField(piped)).as("sox's placeholder").isEqualTo(0x7FFF_F000L);
    assertThat(wav.info().frameCount()).isEqualTo(48000);
  }

  @ParameterizedTest
  @EnumSource(value = WavSampleEncoding.class, names = {"PCM_U8", "PCM_S16", "PCM_S24",
      "FLOAT32"})
  void read_soxWavWrittenToAPipe_givesTheSamplesOfTheSameFileWrittenToDisk(
      WavSampleEncoding encoding) throws Exception {
    List<String> format = new ArrayList<>(List.of("-r", "48000", "-c", "3",
        "-b", Integer.toString(encoding.bytesPerSample() * 8), "-e",
        switch (encoding) {
          case PCM_U8 -> "unsigned";
          case FLOAT32 -> "floating-point";
          default -> "signed";
        }));
    List<String> effects = List.of("synth", "0.1", "sine", "1000", "vol", "0.5");
    List<String> toPipe = new ArrayList<>(format);
    toPipe.addAll(List.of("-t", "wav", "-"));
    toPipe.addAll(effects);
    Path piped = soxToPipe("piped.wav", toPipe.toArray(String[]::new));
    List<String> toDisk = new ArrayList<>(List.of("sox", "-D", "-n"));
    toDisk.addAll(format);
    toDisk.add(dir.resolve("disk.wav").toString());
    toDisk.addAll(effects);
    run(toDisk.toArray(String[]::new));

    WavAudio fromPipe = new WavReader().read(piped);
    WavAudio fromDisk = new WavReader().read(dir.resolve("disk.wav"));

    long frameBytes = 3L * encoding.bytesPerSample();
    assertThat(dataSizeField(piped)).as("sox's placeholder, rounded down to whole frames")
        .isEqualTo(0x7FFF_F000L / frameBytes * frameBytes);
    assertThat(fromDisk.info().frameCount()).isEqualTo(4800);
    assertThat(fromPipe.info()).isEqualTo(fromDisk.info());
    assertThat(fromPipe.samples()).containsExactly(fromDisk.samples());
  }

  @Test
  void read_soxWavWrittenToAPipeOverTheLimit_isRefusedNamingTheLimit() throws Exception {
    Path piped = soxToPipe("piped.wav", "-r", "8000", "-b", "16", "-e", "signed", "-t", "wav",
        "-", "synth", "1", "sine", "440");

    assertThatThrownBy(() -> new WavReader(10_000).read(piped))
        .isInstanceOf(WavFormatException.class)
        .hasMessageStartingWith("data chunk at byte ")
        .hasMessageContaining(" holds more than 10000 bytes, over the limit of 10000 bytes"
            + " (its size field, 2147479552, is a streaming placeholder");
  }

  @Test
  void write_soxDecodesOurFilesToTheSameSamples() throws Exception {
    float[] sine = TestSignals.sine(1000, 0.5, 48000, 960);
    float[] stereo = TestSignals.interleave(sine, TestSignals.sine(250, -0.25, 48000, 960));
    for (WavSampleEncoding encoding : WavSampleEncoding.values()) {
      if (encoding.g711Law() != null) {
        continue; // companded: its own test below compares with sox code by code
      }
      Path ours = dir.resolve(encoding + ".wav");
      WavWriter.write(ours, AudioBuffer.of(AudioFormat.f32(48000, 2), stereo), encoding);
      Path raw = dir.resolve(encoding + ".f64");
      // sox converts our file to raw little-endian doubles, without dither.
      run("sox", "-D", ours.toString(), "-t", "raw", "-e", "floating-point", "-b", "64",
          "-L", raw.toString());

      ByteBuffer doubles = ByteBuffer.wrap(Files.readAllBytes(raw))
          .order(ByteOrder.LITTLE_ENDIAN);
      assertThat(doubles.remaining()).as("%s", encoding).isEqualTo(stereo.length * 8);
      double step = encoding.isFloat() ? 1e-7 : Math.pow(2, 1 - encoding.bitsPerSample());
      for (float expected : stereo) {
        assertThat(Math.abs(doubles.getDouble() - expected)).as("%s", encoding)
            .isLessThanOrEqualTo(step / 2 + 1e-9);
      }
    }
  }

  /** Every 16-bit value, -32768 to 32767, as raw little-endian samples. */
  private Path everyPcm16Value() throws IOException {
    ByteBuffer all = ByteBuffer.allocate(65536 * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v++) {
      all.putShort((short) v);
    }
    Path raw = dir.resolve("every-s16.raw");
    Files.write(raw, all.array());
    return raw;
  }

  @ParameterizedTest
  @EnumSource(value = WavSampleEncoding.class, names = {"MU_LAW", "A_LAW"})
  void g711Encode_everyPcm16Value_givesTheBytesSoxGives(WavSampleEncoding encoding)
      throws Exception {
    Path codes = dir.resolve("sox-codes.raw");
    run("sox", "-D", "-t", "raw", "-r", "8000", "-c", "1", "-e", "signed", "-b", "16", "-L",
        everyPcm16Value().toString(), "-t", "raw", "-e", soxName(encoding), codes.toString());
    byte[] sox = Files.readAllBytes(codes);

    float[] samples = new float[65536];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (i + Short.MIN_VALUE) / 32768f;
    }
    byte[] ours = new byte[samples.length];
    encoding.g711Law().encode(samples, 0, ours, 0, samples.length);

    assertThat(sox).hasSize(65536);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).as("%s of %d", encoding, i + Short.MIN_VALUE).isEqualTo(sox[i]);
    }
  }

  @ParameterizedTest
  @EnumSource(value = WavSampleEncoding.class, names = {"MU_LAW", "A_LAW"})
  void g711Decode_everyCode_givesTheValueSoxGives(WavSampleEncoding encoding)
      throws Exception {
    byte[] codes = new byte[256];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = (byte) i;
    }
    Path in = dir.resolve("codes.raw");
    Files.write(in, codes);
    Path decoded = dir.resolve("decoded.raw");
    run("sox", "-D", "-t", "raw", "-r", "8000", "-c", "1", "-e", soxName(encoding), "-b", "8",
        in.toString(), "-t", "raw", "-e", "signed", "-b", "16", "-L", decoded.toString());
    ByteBuffer sox = ByteBuffer.wrap(Files.readAllBytes(decoded)).order(ByteOrder.LITTLE_ENDIAN);

    float[] ours = new float[256];
    encoding.g711Law().decode(codes, 0, ours, 0, 256);
    for (int i = 0; i < 256; i++) {
      short expected = sox.getShort();
      assertThat(ours[i]).as("%s code %d", encoding, i).isEqualTo(expected / 32768f);
    }
  }

  @ParameterizedTest
  @EnumSource(value = WavSampleEncoding.class, names = {"MU_LAW", "A_LAW"})
  void read_soxG711Wav_decodesToWhatSoxDecodesItTo(WavSampleEncoding encoding)
      throws Exception {
    Path companded = soxSine("g711.wav", 2, "-r", "8000", "-e", soxName(encoding));
    Path pcm = dir.resolve("g711-as-s16.wav");
    run("sox", "-D", companded.toString(), "-e", "signed", "-b", "16", pcm.toString());

    WavAudio ours = new WavReader().read(companded);
    WavAudio reference = new WavReader().read(pcm);

    assertThat(ours.info().encoding()).isEqualTo(encoding);
    assertThat(ours.info().sampleRateHz()).isEqualTo(8000);
    assertThat(ours.info().channelCount()).isEqualTo(2);
    assertThat(ours.samples()).containsExactly(reference.samples());
  }

  @ParameterizedTest
  @EnumSource(value = WavSampleEncoding.class, names = {"MU_LAW", "A_LAW"})
  void write_g711Wav_soxReadsTheCodesWeWrote(WavSampleEncoding encoding) throws Exception {
    float[] sine = TestSignals.sine(440, 0.7, 8000, 800);
    float[] quiet = TestSignals.sine(300, -0.01, 8000, 800);
    float[] stereo = TestSignals.interleave(sine, quiet);
    for (int i = 0; i < stereo.length; i++) {
      // Onto the 16-bit grid: no double rounding.
      stereo[i] = Math.round(stereo[i] * 32768) / 32768f;
    }
    Path ours = dir.resolve("ours.wav");
    WavWriter.write(ours, AudioBuffer.of(AudioFormat.f32(8000, 2), stereo), encoding);
    Path codes = dir.resolve("codes.raw");
    // sox copies the codes out of our file; they must be the ones sox itself makes from the
    // same samples, given to it as 16-bit PCM (every sample here is on the 16-bit grid).
    run("sox", "-D", ours.toString(), "-t", "raw", "-e", soxName(encoding), codes.toString());
    Path pcm = dir.resolve("in.wav");
    WavWriter.write(pcm, AudioBuffer.of(AudioFormat.f32(8000, 2), stereo),
        WavSampleEncoding.PCM_S16);
    Path soxCodes = dir.resolve("sox-codes.raw");
    run("sox", "-D", pcm.toString(), "-t", "raw", "-e", soxName(encoding), soxCodes.toString());

    assertThat(Files.readAllBytes(codes)).hasSize(1600)
        .containsExactly(Files.readAllBytes(soxCodes));
  }

  private static String soxName(WavSampleEncoding encoding) {
    return encoding == WavSampleEncoding.MU_LAW ? "u-law" : "a-law";
  }
}
