package io.remotemedia.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.fuzz.AllocationBudget;
import io.remotemedia.audio.wav.WavAudio;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.audio.wav.WavWriter;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.opus.ConcealedPacketsOgg;
import io.remotemedia.server.ForwardingPipelineRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  private Path wav(String name, AudioFormat format, float[] samples, WavSampleEncoding encoding)
      throws IOException {
    Path file = dir.resolve(name);
    WavWriter.write(file, AudioBuffer.of(format, samples), encoding);
    return file;
  }

  @Test
  void run_gainExample_writesTheProcessedWavInTheInputsEncoding() throws IOException {
    float[] samples = {0.5f, -0.5f, 0.25f, 0f};
    Path in = wav("in.wav", new AudioFormat(16000, 2, SampleFormat.I16), samples,
        WavSampleEncoding.PCM_S16);
    Path out = dir.resolve("out.wav");

    int code = run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", out.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    WavAudio result = new WavReader().read(out);
    assertThat(result.info().encoding()).isEqualTo(WavSampleEncoding.PCM_S16);
    assertThat(result.info().audioFormat().channelCount()).isEqualTo(2);
    double factor = Math.pow(10, -6.0 / 20);
    for (int i = 0; i < samples.length; i++) {
      // -6 dB, then rounded to the 16-bit grid.
      assertThat(result.samples()[i]).isCloseTo((float) (samples[i] * factor),
          within(0.6f / 32768));
    }
    assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("gain: 2 frames");
  }

  @Test
  void run_gainPastFullScale_notesTheSamplesTheOutputsFormatClipped() throws IOException {
    // +12 dB (x3.98): 0.5 and 0.3 pass full scale both ways, 0.1 and -0.01 do not. The runner
    // clips an integer sink's output, so the writer found nothing left to clip and `run` said
    // nothing of a 16-bit output pushed into a square wave (found by an attack, 2026-12-07).
    Path manifest = dir.resolve("loud.json");
    Files.writeString(manifest, """
        {"version": "v1", "nodes": [{"id": "g", "node_type": "Gain",
          "params": {"gain_db": 12}}]}
        """);
    float[] samples = {0.5f, -0.5f, 0.1f, -0.01f, 0.3f, -0.3f};
    Path in16 = wav("in16.wav", new AudioFormat(16000, 2, SampleFormat.I16), samples,
        WavSampleEncoding.PCM_S16);
    Path in24 = wav("in24.wav", new AudioFormat(16000, 2, SampleFormat.I32), samples,
        WavSampleEncoding.PCM_S24);

    assertThat(run("--manifest", manifest.toString(), "--input", in16.toString(),
        "--output", dir.resolve("out16.wav").toString()))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(run("--manifest", manifest.toString(), "--input", in24.toString(),
        "--output", dir.resolve("out24.wav").toString()))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();

    String printed = out.toString(StandardCharsets.UTF_8);
    float[] written = new WavReader().read(dir.resolve("out16.wav")).samples();
    assertThat(new float[] {written[0], written[1], written[4], written[5]})
        .containsExactly(32767 / 32768f, -1f, 32767 / 32768f, -1f);
    assertThat(written[2]).isCloseTo(0.398f, within(0.001f));
    assertThat(written[3]).isCloseTo(-0.0398f, within(0.001f));
    assertThat(printed).contains("PCM_S16 -> " + dir.resolve("out16.wav")
        + " (4 samples clipped)");
    // One sample past full scale: the note says so in the singular.
    assertThat(run("--manifest", manifest.toString(), "--input", wav("one.wav",
            new AudioFormat(16000, 1, SampleFormat.I16), new float[] {0.5f, 0.1f},
            WavSampleEncoding.PCM_S16).toString(),
        "--output", dir.resolve("one-out.wav").toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("one-out.wav (1 sample clipped)");
    // The I32 sink clips all four to its range; 24 bits clip the two positive ones again.
    assertThat(printed).contains("PCM_S24 -> " + dir.resolve("out24.wav")
        + " (4 samples clipped to the I32 range, 2 clipped again writing PCM_S24)");
  }

  @Test
  void run_filesWhoseNamesHoldAnEqualsSign_areTakenWhole() throws IOException {
    // take=1.wav was read as node "take"'s file 1.wav, "not found" (found by an attack).
    Path in = wav("take=1.wav", AudioFormat.f32(16000, 1), new float[] {0.5f, -0.5f},
        WavSampleEncoding.FLOAT32);
    Path out = dir.resolve("date=2026-12-07.wav");

    int code = run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", out.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(new WavReader().read(out).samples()).hasSize(2);
    assertThat(run("--manifest", "../examples/gain.json", "--input", "gain=" + in,
        "--output", "gain=" + out)).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void run_anOptionOfOneValueGivenTwice_isRefusedInsteadOfTheLastWinning() throws IOException {
    // Two manifests ran the second, silently (found by an attack on the CLI, 2026-12-07).
    Path in = wav("in.wav", AudioFormat.f32(16000, 1), new float[4], WavSampleEncoding.FLOAT32);
    Path out = dir.resolve("out.wav");

    assertThat(run("--manifest", "../examples/gain.json", "--manifest", "../examples/gain.json",
        "--input", in.toString(), "--output", out.toString())).isEqualTo(2);
    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--data-output", dir.resolve("a.json").toString(),
        "--data-output", dir.resolve("b.json").toString())).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--manifest is given twice; give it once")
        .contains("--data-output is given twice; give it once");
    assertThat(out).doesNotExist();
  }

  @Test
  void run_oggOpusAndMuLawInputs_areDecodedAndWrittenAsPcm16() throws IOException {
    Path opus = dir.resolve("speech.opus");
    try (java.io.InputStream in = RunCommandTest.class
        .getResourceAsStream("/io/remotemedia/audio/speech/speech-16k.opus")) {
      Files.write(opus, in.readAllBytes());
    }
    Path fromOpus = dir.resolve("from-opus.wav");
    Path muLaw = wav("mu.wav", new AudioFormat(8000, 1, SampleFormat.I16),
        new float[] {0.5f, -0.25f, 0f, 0.125f}, WavSampleEncoding.MU_LAW);
    Path fromMuLaw = dir.resolve("from-mulaw.wav");

    assertThat(run("--manifest", "../examples/gain.json", "--input", opus.toString(),
        "--output", fromOpus.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(run("--manifest", "../examples/gain.json", "--input", muLaw.toString(),
        "--output", fromMuLaw.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();

    WavAudio opusOut = new WavReader().read(fromOpus);
    assertThat(opusOut.info().encoding()).isEqualTo(WavSampleEncoding.PCM_S16);
    assertThat(opusOut.info().sampleRateHz()).isEqualTo(48000);
    // As long as ffmpeg's own decode of the file (speech-16k.ffmpeg-decoded.wav, 3.4 s).
    assertThat(opusOut.info().frameCount()).isEqualTo(165_048L);
    WavAudio muLawOut = new WavReader().read(fromMuLaw);
    assertThat(muLawOut.info().encoding()).isEqualTo(WavSampleEncoding.PCM_S16);
    assertThat(muLawOut.info().frameCount()).isEqualTo(4);
  }

  @Test
  void run_dataOutput_writesNodeDataAsJson() throws IOException {
    Path manifest = dir.resolve("normalize.yaml");
    Files.writeString(manifest, """
        version: v1
        nodes:
          - {id: norm, node_type: Normalize, params: {target_lufs: -20, max_duration_s: 5}}
        """);
    float[] sine = new float[48000];
    for (int i = 0; i < sine.length; i++) {
      sine[i] = (float) (0.1 * Math.sin(2 * Math.PI * 1000 * i / 48000));
    }
    Path in = wav("sine.wav", AudioFormat.f32(48000, 1), sine, WavSampleEncoding.FLOAT32);
    Path json = dir.resolve("data.json");

    int code = run("--manifest", manifest.toString(), "--input", "norm=" + in,
        "--output", "norm=" + dir.resolve("loud.wav"), "--data-output", json.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String text = Files.readString(json);
    assertThat(text).startsWith("{\n  \"norm\": {").contains("\"measured_lufs\": -23.0");
  }

  @Test
  void run_badManifest_exitsOneWithTheLocatedMessage() throws IOException {
    Path manifest = dir.resolve("bad.json");
    Files.writeString(manifest, "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\","
        + " \"node_type\": \"Gain\", \"params\": {\"gain_db\": 100}}]}");
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);

    int code = run("--manifest", manifest.toString(), "--input", in.toString(), "--output",
        dir.resolve("o.wav").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: validation:"
        + " nodes[0].params.gain_db (line 1, column 84): value 100 is out of range;"
        + " allowed: [-120, 60]\n");
  }

  @Test
  void run_manifestWithAHugeUnknownKey_printsItShortenedWithItsLength() throws IOException {
    String key = "k".repeat(100_000);
    String beforeKey = "{\"version\": \"v1\", \"nodes\": [], ";
    Path manifest = dir.resolve("huge-key.json");
    Files.writeString(manifest, beforeKey + "\"" + key + "\": 1}");
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);

    int code = run("--manifest", manifest.toString(), "--input", in.toString(), "--output",
        dir.resolve("o.wav").toString());

    String shortened = "k".repeat(32) + "…(100000 characters)";
    assertThat(code).isEqualTo(1);
    // The key is the path and is quoted: the manifest reader cuts each to 32 characters and
    // says how long it was. The error is placed at the key's opening quote.
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: validation: "
        + shortened + " (line 1, column " + (beforeKey.length() + 1) + "): unknown field \""
        + shortened + "\"; allowed: [connections, metadata, nodes, version]\n");
  }

  @Test
  void run_severalInputsOverTheLocalSampleLimit_saysSoAndPointsAtCall() throws IOException {
    long limit = ExecutionLimits.DEFAULTS.maxInputSamples();
    // Two sources, mixed: run holds several inputs whole, so together they meet the limit.
    Path manifest = dir.resolve("mix.yaml");
    Files.writeString(manifest, """
        version: v1
        nodes:
          - {id: a, node_type: Gain}
          - {id: b, node_type: Gain}
          - {id: mix, node_type: Mix}
        connections:
          - {from: a, to: mix}
          - {from: b, to: mix}
        """);
    Path a = wav("a.wav", AudioFormat.f32(8000, 1), new float[(int) (limit / 2) + 1],
        WavSampleEncoding.PCM_S16);
    Path b = wav("b.wav", AudioFormat.f32(8000, 1), new float[(int) (limit / 2) + 1],
        WavSampleEncoding.PCM_S16);

    assertThat(run("--manifest", manifest.toString(), "--input", "a=" + a, "--input", "b=" + b,
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("remotemedia run:"
            + " resource_limit: ")
        .contains(Long.toString(2 * (limit / 2 + 1)), "max_input_samples")
        .endsWith("; run streams a single WAV or Ogg Opus input of any length, but holds"
            + " several inputs whole in memory: cut the files into parts, or use call, which"
            + " streams long input to a server\n");
  }

  @Test
  void run_severalInputs_anOggOpusOneIsDecodedNoFurtherThanTheSampleLimit() throws Exception {
    // 4 pages of concealed packets: 5.9 M samples from 2 KB. Held whole beside another input,
    // it was decoded whole before the limit was checked: an 80 KB file of them decodes to
    // 147 M samples, and run died with an OutOfMemoryError and its stack trace.
    long limit = 1_000_000;
    ExecutionLimits limits = new ExecutionLimits(60_000, 1L << 30, limit);
    PipelineRunner runner = LocalPipelineRunner.create().withLimits(limits, limits);
    Path opus = dir.resolve("a.opus");
    Files.write(opus, ConcealedPacketsOgg.file(4));
    Path b = wav("b.wav", AudioFormat.f32(48000, 1), new float[480], WavSampleEncoding.PCM_S16);
    Path manifest = dir.resolve("two.yaml");
    Files.writeString(manifest, """
        version: v1
        nodes:
          - {id: a, node_type: Gain}
          - {id: b, node_type: Gain}
        """);
    RunOptions options = RunOptions.parse(new String[] {"--manifest", manifest.toString(),
        "--input", "a=" + opus, "--input", "b=" + b,
        "--output", "a=" + dir.resolve("out-a.wav"), "--output", "b=" + dir.resolve("out-b.wav")});
    RunCommand command = new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int[] exit = new int[1];

    // Decoding all 5.9 M samples allocates some 70 MB; stopping at 1 M, some 10 MB.
    AllocationBudget.of(32L << 20).check(() -> {
      err.reset();
      exit[0] = command.execute(runner, options, "run", RunCommand::describe);
    });

    assertThat(exit[0]).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("remotemedia run:"
            + " resource_limit: --input " + opus + ": Ogg Opus audio decodes to more than the"
            + " limit of " + limit + " samples");
    assertThat(dir.resolve("out-a.wav")).doesNotExist();
  }

  @Test
  void wholeOpusSamples_forARemoteRunner_isWhatASixteenthOfTheHeapHoldsAsFloats() {
    PipelineRunner remote = new ForwardingPipelineRunner(LocalPipelineRunner.create()) { };
    long heapBytes = 1L << 30;

    // 1 GiB / 16 = 64 MiB, which holds 16 Mi floats; the WAV bound (128 M samples) is above.
    assertThat(RunCommand.wholeOpusSamples(remote, heapBytes)).isEqualTo(16L << 20);
  }

  @Test
  void wholeOpusSamples_forALocalRunner_isItsMaxInputSamples() {
    ExecutionLimits limits = new ExecutionLimits(60_000, 1L << 30, 1_000_000);
    PipelineRunner local = LocalPipelineRunner.create().withLimits(limits, limits);

    assertThat(RunCommand.wholeOpusSamples(local, 1L << 30)).isEqualTo(1_000_000);
  }

  @Test
  void run_outputThatIsAnInputOrTheManifest_isRefusedAndTheFileKept() throws IOException {
    Path in = wav("in.wav", new AudioFormat(16000, 1, SampleFormat.I16),
        new float[] {0.5f, -0.5f}, WavSampleEncoding.PCM_S16);
    byte[] before = Files.readAllBytes(in);
    Path manifest = dir.resolve("gain.json");
    Files.copy(Path.of("../examples/gain.json"), manifest);
    // The same file by another name.
    Path sameInput = dir.resolve("sub").resolve("..").resolve("in.wav");
    Files.createDirectory(dir.resolve("sub"));

    int sameAsInput = run("--manifest", manifest.toString(), "--input", in.toString(),
        "--output", sameInput.toString());
    String sameAsInputError = err.toString(StandardCharsets.UTF_8);
    err.reset();
    int sameAsManifest = run("--manifest", manifest.toString(), "--input", in.toString(),
        "--output", dir.resolve("out.wav").toString(), "--data-output", manifest.toString());

    assertThat(sameAsInput).isEqualTo(1);
    assertThat(sameAsInputError).isEqualTo("remotemedia run: --output " + sameInput
        + ": this is also the --input file; write the result to another file\n");
    assertThat(sameAsManifest).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --data-output "
        + manifest + ": this is also the --manifest file; write the result to another file\n");
    assertThat(Files.readAllBytes(in)).isEqualTo(before);
    assertThat(Files.readString(manifest)).contains("\"node_type\": \"Gain\"");
  }

  @Test
  void run_twoOutputsToOneFileThroughALinkedFolder_isRefused() throws IOException {
    Path in = wav("in.wav", new AudioFormat(16000, 1, SampleFormat.I16),
        new float[] {0.5f, -0.5f}, WavSampleEncoding.PCM_S16);
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), dir);

    int code = run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", dir.resolve("out.wav").toString(),
        "--data-output", linked.resolve("out.wav").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("another --output writes this"
        + " file too");
  }

  @Test
  void run_twoOutputsToOneFile_isRefused() throws IOException {
    Path in = wav("in.wav", new AudioFormat(16000, 1, SampleFormat.I16),
        new float[] {0.5f, -0.5f}, WavSampleEncoding.PCM_S16);
    Path out = dir.resolve("out.wav");

    int code = run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", out.toString(), "--data-output", dir.resolve(".").resolve("out.wav")
            .toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --data-output "
        + dir.resolve(".").resolve("out.wav") + ": another --output writes this file too; give"
        + " each output its own file\n");
    assertThat(out).doesNotExist();
  }

  @Test
  void run_missingOrTruncatedWav_exitsOneNamingTheFile() throws IOException {
    Path broken = dir.resolve("broken.wav");
    Files.write(broken, new byte[] {'R', 'I', 'F', 'F', 1, 2});

    assertThat(run("--manifest", "../examples/gain.json", "--input", broken.toString(),
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("remotemedia run: ");
  }

  @Test
  void run_dashForInputAndOutput_pipesThroughTheStandardStreams_asTheFileRunWrites()
      throws Exception {
    Path in = wav("in.wav", new AudioFormat(16000, 2, SampleFormat.I16),
        TestSignals.interleave(TestSignals.sine(440, 0.5, 16000, 4000),
            TestSignals.sine(660, 0.25, 16000, 4000)), WavSampleEncoding.PCM_S16);
    Path fromFile = dir.resolve("from-file.wav");
    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", fromFile.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path fromStdin = dir.resolve("from-stdin.wav");

    CliProcess.Result piped = CliProcess.run(Files.readAllBytes(in), "run", "--manifest",
        "../examples/gain.json", "--input", "-", "--output", fromStdin.toString());
    CliProcess.Result both = CliProcess.run(Files.readAllBytes(in), "run", "--manifest",
        "../examples/gain.json", "--input", "-", "--output", "-");

    assertThat(piped.status()).as(piped.err()).isZero();
    assertThat(Files.readAllBytes(fromStdin)).isEqualTo(Files.readAllBytes(fromFile));
    assertThat(both.status()).as(both.err()).isZero();
    assertThat(both.out()).isEqualTo(CliProcess.asPiped(Files.readAllBytes(fromFile)));
    assertThat(both.err()).contains("gain: 4000 frames");
  }

  @Test
  void run_dashForTwoInputs_isAUsageMistake() {
    assertThat(run("--manifest", "../examples/gain.json", "--input", "a=-", "--input", "b=-",
        "--output", dir.resolve("o.wav").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("remotemedia run: --input -"
        + " (standard input) is given for more than one source; it can be read once: give the"
        + " others as files\n");
  }

  @Test
  void run_missingInputOrManifest_saysNotFoundAndWhatToGive() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);
    Path absent = dir.resolve("absent.wav");
    Path output = dir.resolve("o.wav");

    assertThat(run("--manifest", "../examples/gain.json", "--input", absent.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --input "
        + absent + ": not found (looked in " + absent + "); give the path of a WAV file\n");

    err.reset();
    assertThat(run("--manifest", "gian.json", "--input", in.toString(),
        "--output", output.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --manifest"
        + " gian.json: not found (looked in " + Path.of("gian.json").toAbsolutePath()
        + "); give the path of the JSON or YAML manifest\n");
    assertThat(output).doesNotExist();
  }

  @Test
  void run_outputFolderMissing_saysCannotWriteBeforeProcessingAnything() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);
    Path folder = dir.resolve("results");

    int code = run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", folder.resolve("out.wav").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --output "
        + folder.resolve("out.wav") + ": cannot write: the folder " + folder + " does not exist;"
        + " create it first (mkdir -p " + folder + ") or choose another path\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing ran").isEmpty();
  }

  @Test
  void run_outputIsAFolder_saysCannotWriteAndSuggestsAFileName() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);

    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--data-output", dir.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --data-output "
        + dir + ": cannot write: it is a folder; give a file name, for example "
        + dir.resolve("data.json") + "\n");

    err.reset();
    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", dir.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --output "
        + dir + ": cannot write: it is a folder; give a file name, for example "
        + dir.resolve("out.wav") + "\n");
  }

  @Test
  void run_outputNamedAsAnotherFormat_isRefusedBeforeRunning() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);
    Path mp3 = dir.resolve("o.mp3");

    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", mp3.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --output "
        + mp3 + ": outputs are written as WAV, so name it o.wav; to get mp3, convert that file"
        + " afterwards (ffmpeg -i o.wav o.mp3)\n");
    assertThat(mp3).doesNotExist();
    for (String name : new String[] {"O.WAV", "out.wav.part", "tmp.YUUYANK227", "noextension"}) {
      err.reset();
      assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
          "--output", dir.resolve(name).toString())).as(name).isZero();
    }
  }

  @Test
  void run_mp3Input_namesItAndGivesTheConversionCommand() throws IOException {
    Path mp3 = dir.resolve("speech.mp3");
    Files.write(mp3, new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0});

    assertThat(run("--manifest", "../examples/gain.json", "--input", mp3.toString(),
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    String wavName = dir.resolve("speech.wav").toString();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --input " + mp3
        + ": this is an MP3 file, not WAV or Ogg Opus; convert it first: ffmpeg -i " + mp3 + " "
        + wavName
        + "  (or: sox " + mp3 + " " + wavName + ", with Debian's libsox-fmt-mp3)\n");
  }

  @Test
  void run_realFlacFromSox_namesItAndTheConvertedFileReadsBack() throws Exception {
    Path flac = dir.resolve("tone.flac");
    Process sox;
    try {
      sox = new ProcessBuilder("sox", "-n", "-r", "8000", "-c", "1", flac.toString(),
          "synth", "0.01", "sine", "440").redirectErrorStream(true).start();
    } catch (IOException absent) {
      if ("true".equals(System.getenv("CI"))) {
        fail("sox is not installed, and CI=true requires this check: apt-get install sox");
      }
      assumeTrue(false, "sox is not installed; skipping (apt-get install sox to run it)");
      return;
    }
    assertThat(sox.waitFor()).as(new String(sox.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8)).isZero();

    assertThat(run("--manifest", "../examples/gain.json", "--input", flac.toString(),
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(message).startsWith("remotemedia run: --input " + flac + ": this is a FLAC file,"
        + " not WAV or Ogg Opus; convert it first: ffmpeg -i ");
    // The sox alternative it offers works, and run takes its output.
    String soxCommand = message.substring(message.indexOf("(or: ") + 5, message.lastIndexOf(')'));
    Process convert = new ProcessBuilder(soxCommand.split(" ")).redirectErrorStream(true).start();
    assertThat(convert.waitFor()).isZero();
    err.reset();
    assertThat(run("--manifest", "../examples/gain.json", "--input",
        dir.resolve("tone.wav").toString(), "--output", dir.resolve("o.wav").toString()))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void run_wavGivenAsManifest_asksWhetherTheOptionsWereSwapped() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);

    assertThat(run("--manifest", in.toString(), "--input", in.toString(),
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: --manifest "
        + in + ": this is a WAV file, not a manifest (JSON or YAML); did you swap --manifest and"
        + " --input?\n");
  }

  @Test
  void run_binaryManifest_saysItIsNotTextWithoutAJavaExceptionName() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);
    Path binary = dir.resolve("pipeline.json");
    Files.write(binary, new byte[] {(byte) 0xC4, (byte) 0xFF, 0x13, 0x37, 0, 0, 0x7F, 0x45});

    assertThat(run("--manifest", binary.toString(), "--input", in.toString(),
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: validation:"
        + " manifest (line 1, column 1): not UTF-8 text: byte 0xC4, at byte 0, starts no UTF-8"
        + " character; save the manifest as UTF-8 (is it Latin-1 or Windows-1252 text, or a"
        + " binary file such as audio?)\n");
  }

  @Test
  void run_jsonManifestWithTrailingComma_exitsOneSayingNotValidJsonAndWhere() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);
    Path manifest = Files.writeString(dir.resolve("pipeline.json"), """
        {"version": "v1",
         "nodes": [{"id": "g", "node_type": "Gain"},]}
        """);

    assertThat(run("--manifest", manifest.toString(), "--input", in.toString(),
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run: validation:"
        + " manifest (line 2, column 44): not valid JSON: a comma before ']': JSON allows no"
        + " trailing comma\n");
  }

  @Test
  void run_unknownSinkOrMissingOption_exitsTwoWithUsage() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);

    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", "nope=" + dir.resolve("o.wav"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(
        "--output[\"nope\"] names no node of the manifest; sinks: gain");
    assertThat(run("--input", in.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--manifest is required");
  }

  /** Runs examples/voice.yaml ("in" feeds "vad") with an input keyed {@code key}; exit 2. */
  private String refusedInput(String key) throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);

    assertThat(run("--manifest", "../examples/voice.yaml", "--input", key + "=" + in,
        "--output", dir.resolve("out.wav").toString())).isEqualTo(2);
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_inputForNoNode_exitsTwoSayingItNamesNoNode() throws IOException {
    assertThat(refusedInput("nope")).isEqualTo("remotemedia run:"
        + " --input[\"nope\"] names no node of the manifest; sources: in\n");
  }

  @Test
  void run_inputForANodeThatIsNotASource_exitsTwoNamingTheSources() throws IOException {
    assertThat(refusedInput("vad")).isEqualTo("remotemedia run:"
        + " --input[\"vad\"] names a node that is not a source (a connection enters it);"
        + " sources: in\n");
  }

  @Test
  void run_inputKeyOfTenThousandCharacters_quotesSixtyFourOfThem() throws IOException {
    assertThat(refusedInput("x".repeat(10_000))).isEqualTo("remotemedia run: --input[\""
        + "x".repeat(64) + "…(10000 characters)\"] names no node of the manifest; sources: in\n");
  }

  @Test
  void run_manifestOfAHundredSources_listsSixteenAndCountsTheRest() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);
    String out = dir.resolve("out.wav").toString();
    StringBuilder manifest = new StringBuilder("version: v1\nnodes:\n");
    for (int i = 0; i < 100; i++) {
      manifest.append("  - {id: s").append(i).append(", node_type: Gain}\n");
    }
    Path file = Files.writeString(dir.resolve("wide.yaml"), manifest);

    assertThat(run("--manifest", file.toString(), "--input", "nope=" + in,
        "--output", out)).isEqualTo(2);
    assertThat(run("--manifest", file.toString(), "--input", in.toString(), "--output", out))
        .isEqualTo(2);

    String sixteen = "s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15";
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("remotemedia run:"
        + " --input[\"nope\"] names no node of the manifest; sources: " + sixteen
        + " and 84 more\n"
        + "remotemedia run: the pipeline has 100 source nodes (" + sixteen + " and 84 more);"
        + " give each its file with --input NODE=FILE\n");
  }
}
