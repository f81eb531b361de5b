package io.remotemedia.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.audio.wav.WavWriter;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.internal.JsonText;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.opus.ConcealedPacketsOgg;
import io.remotemedia.pipeline.opus.OggOpusReader;
import io.remotemedia.proto.internal.wire.ReportWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} over a WAV input longer than {@link InputBlocks#STREAM_ABOVE_BYTES}, or an Ogg Opus
 * input: it is read, run and written block by block, and gives the files a whole run gives.
 */
class RunLongInputTest {
  /** Input frames: 48 kHz mono, 4.4 M samples, over the 16 MiB of 32-bit samples. */
  private static final int FRAMES = 4_400_000;

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  /** Noise bursts of 1 s between 1 s of near-silence, so that the VAD finds segments. */
  private static AudioBuffer bursts() {
    Random random = new Random(7);
    float[] samples = new float[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      boolean loud = (i / 48_000) % 2 == 1;
      samples[i] = (float) (random.nextGaussian() * (loud ? 0.2 : 0.001));
    }
    return AudioBuffer.of(new AudioFormat(48_000, 1, SampleFormat.I16), samples);
  }

  @Test
  void run_longWav_givesTheAudioAndSegmentsOfAWholeRun() throws Exception {
    AudioBuffer audio = bursts();
    Path in = dir.resolve("long.wav");
    WavWriter.write(in, audio, WavSampleEncoding.PCM_S16);
    Path outWav = dir.resolve("out.wav");

    ExecutionResult whole = assertVoiceRunIsAWholeRun(in,
        new WavReader().read(in).toAudioBuffer(), outWav);
    String json = Files.readString(dir.resolve("data.json"));
    // Two segments or so per 2 s of the 92 s: the comparison is not of empty lists.
    assertThat(json.split("\"start_ms\"", -1).length - 1).isGreaterThan(10);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("vad: " + whole.audio("vad").frameCount()
            + " frames, 16000 Hz, 1 ch, I16, PCM_S16 -> " + outWav);
  }

  @Test
  void run_wavFromAPipe_isReadOnceAndStreamed() throws Exception {
    // sox and ffmpeg writing to a pipe leave the data size as a placeholder; so does this.
    Path file = dir.resolve("tone.wav");
    WavWriter.write(file, bursts(), WavSampleEncoding.PCM_S16);
    byte[] piped = Files.readAllBytes(file);
    ByteBuffer.wrap(piped, 40, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_F000);
    Path fifo = dir.resolve("pipe.wav");
    Thread writer = fifo(fifo, piped);
    Path fromPipe = dir.resolve("from-pipe.wav");
    Path fromFile = dir.resolve("from-file.wav");

    int pipeCode = run("--manifest", "../examples/gain.json", "--input", fifo.toString(),
        "--output", fromPipe.toString());
    writer.join(10_000);
    int fileCode = run("--manifest", "../examples/gain.json", "--input", file.toString(),
        "--output", fromFile.toString());

    assertThat(pipeCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(fileCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readAllBytes(fromPipe)).isEqualTo(Files.readAllBytes(fromFile));
  }

  @Test
  void run_longWavCutShort_failsNamingItAndLeavesTheEarlierResultAsItWas() throws Exception {
    Path whole = dir.resolve("whole.wav");
    WavWriter.write(whole, bursts(), WavSampleEncoding.PCM_S16);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.wav");
    // The header still says 4.4 M frames; the data stops after 3 M.
    Files.write(cut, Arrays.copyOf(bytes, 44 + 2 * 3_000_000));
    Path outWav = dir.resolve("out.wav");
    Files.writeString(outWav, "an earlier result");

    int code = run("--manifest", "../examples/gain.json", "--input", cut.toString(),
        "--output", outWav.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("remotemedia run: --input "
        + cut + ": truncated data chunk at byte 36");
    // Written beside it as out.wav.part until whole: nothing partial is left, nor taken away.
    assertThat(outWav).hasContent("an earlier result");
    assertThat(dir.resolve("out.wav.part")).doesNotExist();
  }

  @Test
  void run_oggOpus_isStreamedAndGivesTheAudioAndSegmentsOfAWholeRun() throws Exception {
    Path in = speechOpus();

    assertVoiceRunIsAWholeRun(in, new OggOpusReader().read(in).audio(), dir.resolve("out.wav"));
    assertThat(Files.readString(dir.resolve("data.json"))).contains("\"start_ms\"");
  }

  @Test
  void run_oggOpusLongerThanAWholeRunHolds_isStreamedToTheEnd() throws Exception {
    // 12 pages of packets concealed as 120 ms each: 17.6 M samples of 48 kHz mono from 6 KB,
    // over the 16 M samples (max_input_samples) that a whole run holds.
    Path in = dir.resolve("long.opus");
    Files.write(in, ConcealedPacketsOgg.file(12));
    long frames = 12L * ConcealedPacketsOgg.PACKETS_PER_PAGE
        * ConcealedPacketsOgg.SAMPLES_PER_PACKET;
    assertThat(frames).isGreaterThan(ExecutionLimits.DEFAULTS.maxInputSamples());
    Path outWav = dir.resolve("out.wav");

    int code = run("--manifest", "../examples/voice.yaml", "--input", in.toString(),
        "--output", outWav.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    // Resampled from 48 kHz to 16 kHz: a third of the frames.
    assertThat(new WavReader().openBlocks(outWav).declaredFrames()).hasValue(frames / 3);
  }

  /**
   * Runs {@code in} through examples/voice.yaml into {@code outWav} and data.json, and checks
   * that they hold what a whole run of {@code input} gives in this process.
   */
  private ExecutionResult assertVoiceRunIsAWholeRun(Path in, AudioBuffer input, Path outWav)
      throws IOException {
    Path manifestFile = Path.of("../examples/voice.yaml");
    Path outJson = dir.resolve("data.json");
    int code = run("--manifest", manifestFile.toString(), "--input", in.toString(),
        "--output", outWav.toString(), "--data-output", outJson.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    PipelineManifest manifest = new ManifestParser().parse(manifestFile);
    ExecutionResult whole = LocalPipelineRunner.create().execute(new ExecutionRequest(manifest,
        Map.of("in", input), ExecutionLimits.UNSET));
    Path wholeWav = dir.resolve("whole.wav");
    WavWriter.write(wholeWav, whole.audio("vad"), WavSampleEncoding.PCM_S16);
    assertThat(Files.readAllBytes(outWav)).isEqualTo(Files.readAllBytes(wholeWav));
    assertThat(Files.readString(outJson)).isEqualTo(JsonText.write(
        Map.of("vad", ReportWire.toTree(whole.dataOutputs().get("vad")))));
    return whole;
  }

  @Test
  void run_oggOpusFromAPipe_isToldFromItsFirstBytesAndStreamed() throws Exception {
    Path file = speechOpus();
    byte[] opus = Files.readAllBytes(file);
    Path fifo = dir.resolve("pipe");
    Thread writer = fifo(fifo, opus);
    Path fromPipe = dir.resolve("from-pipe.wav");
    Path fromFile = dir.resolve("from-file.wav");

    int pipeCode = run("--manifest", "../examples/voice.yaml", "--input", fifo.toString(),
        "--output", fromPipe.toString());
    writer.join(10_000);
    int fileCode = run("--manifest", "../examples/voice.yaml", "--input", file.toString(),
        "--output", fromFile.toString());

    assertThat(pipeCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(fileCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readAllBytes(fromPipe)).isEqualTo(Files.readAllBytes(fromFile));
  }

  @Test
  void run_oggOpusToADescriptorOfARegularFile_writesThroughIt() throws Exception {
    // `run --input in.opus --output /dev/stdout > out.wav`: the standard output is a regular
    // file, so the output was written as /dev/stdout.part and moved onto /dev/stdout, which
    // replaced that link (as root) and left out.wav empty. /proc/self/fd/N is the same case,
    // and safe to test: nothing can be created beside it.
    Path in = speechOpus();
    Path fromFile = dir.resolve("from-file.wav");
    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", fromFile.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path redirected = dir.resolve("redirected.wav");

    try (OutputStream open = Files.newOutputStream(redirected)) {
      Path descriptor = descriptorOf(redirected);
      int code = run("--manifest", "../examples/gain.json", "--input", in.toString(),
          "--output", descriptor.toString());

      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(descriptor).isSymbolicLink();
    }
    assertThat(Files.readAllBytes(redirected)).isEqualTo(Files.readAllBytes(fromFile));
  }

  /** {@return /proc/self/fd/N for a descriptor this process has open on {@code file}} */
  private static Path descriptorOf(Path file) throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          if (Files.readSymbolicLink(fd).equals(file.toRealPath())) {
            return fd;
          }
        } catch (IOException e) {
          // closed since it was listed
        }
      }
    }
    throw new AssertionError("no descriptor open on " + file);
  }

  @Test
  void run_flacFromAPipe_isNamedWithCommandsThatPipeWav() throws Exception {
    byte[] flac = Arrays.copyOf("fLaC".getBytes(StandardCharsets.US_ASCII), 64);
    Path fifo = dir.resolve("pipe");
    Thread writer = fifo(fifo, flac);

    int code = run("--manifest", "../examples/gain.json", "--input", fifo.toString(),
        "--output", dir.resolve("out.wav").toString());
    writer.join(10_000);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --input "
        + fifo + ": this is a FLAC file, not WAV or Ogg Opus; pipe WAV instead, for example:"
        + " ffmpeg -i IN -f wav -  (or: sox IN -t wav -)\n");
    assertThat(dir.resolve("out.wav")).doesNotExist();
  }

  /** Makes a FIFO at {@code path} and starts a thread that writes {@code bytes} into it. */
  private static Thread fifo(Path path, byte[] bytes) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    Thread writer = new Thread(() -> {
      try (OutputStream pipe = Files.newOutputStream(path)) {
        pipe.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.setDaemon(true); // a run that never opened the pipe leaves it blocked in open
    writer.start();
    return writer;
  }

  @Test
  void run_streamedToASymbolicLink_writesThroughItAndKeepsTheLink() throws Exception {
    Path in = speechOpus();
    Path direct = dir.resolve("direct.wav");
    Files.createDirectories(dir.resolve("results"));
    Path target = dir.resolve("results/out.wav");
    Files.writeString(target, "an earlier result");
    Path link = dir.resolve("link.wav");
    Files.createSymbolicLink(link, Path.of("results/out.wav"));

    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", direct.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", link.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();

    assertThat(Files.isSymbolicLink(link)).as("the link is kept").isTrue();
    assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(direct));
    try (var left = Files.list(dir.resolve("results"))) {
      assertThat(left).as("no .part left").containsExactly(target);
    }
  }

  /** {@return speech.opus in the test's folder: the ffmpeg-made fixture, 3.4 s at 16 kHz} */
  private Path speechOpus() throws IOException {
    Path file = dir.resolve("speech.opus");
    try (var fixture = RunLongInputTest.class
        .getResourceAsStream("/io/remotemedia/audio/speech/speech-16k.opus")) {
      Files.write(file, fixture.readAllBytes());
    }
    return file;
  }
}
