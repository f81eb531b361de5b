package io.remotemedia.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.audio.wav.WavWriter;
import io.remotemedia.pipeline.opus.ConcealedPacketsOgg;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code call} against the real server on loopback port 0, with token authentication on. */
class CallCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private ConfiguredServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(java.time.Duration.ofSeconds(5));
    }
  }

  @Test
  void call_sameArgumentsAsRun_writesTheSameWav() throws Exception {
    start();
    Path in = dir.resolve("in.wav");
    WavWriter.write(in, AudioBuffer.of(new AudioFormat(16000, 2, SampleFormat.I16),
        new float[] {0.5f, -0.5f, 0.25f, 0f}), WavSampleEncoding.PCM_S16);
    Path local = dir.resolve("local.wav");
    Path remote = dir.resolve("remote.wav");
    Path token = tokenFile("alice-token");

    int runCode = new RunCommand(print(out), print(err)).run(new String[] {
        "--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", local.toString()});
    int callCode = call("--target", "127.0.0.1:" + server.port(), "--token-file",
        token.toString(), "--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", remote.toString());

    assertThat(runCode).isZero();
    assertThat(callCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readAllBytes(remote)).isEqualTo(Files.readAllBytes(local));
    assertThat(new WavReader().read(remote).info().encoding())
        .isEqualTo(WavSampleEncoding.PCM_S16);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("gain: 2 frames");
  }

  @Test
  void call_dashForInputAndOutput_pipesThroughTheStandardStreams_asTheFileCallWrites()
      throws Exception {
    start();
    Path in = dir.resolve("in.wav");
    WavWriter.write(in, AudioBuffer.of(new AudioFormat(16000, 1, SampleFormat.I16),
        TestSignals.sine(440, 0.5, 16000, 8000)), WavSampleEncoding.PCM_S16);
    Path fromFile = dir.resolve("from-file.wav");
    Path fromStdin = dir.resolve("from-stdin.wav");
    Path token = tokenFile("alice-token");
    String target = "127.0.0.1:" + server.port();

    int fileCode = call("--target", target, "--token-file", token.toString(), "--manifest",
        "../examples/gain.json", "--input", in.toString(), "--output", fromFile.toString());
    CliProcess.Result piped = CliProcess.run(Files.readAllBytes(in), "call", "--target",
        target, "--token-file", token.toString(), "--manifest", "../examples/gain.json",
        "--input", "-", "--output", fromStdin.toString());
    CliProcess.Result both = CliProcess.run(Files.readAllBytes(in), "call", "--target",
        target, "--token-file", token.toString(), "--manifest", "../examples/gain.json",
        "--input", "-", "--output", "-");

    assertThat(fileCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(piped.status()).as(piped.err()).isZero();
    assertThat(Files.readAllBytes(fromStdin)).isEqualTo(Files.readAllBytes(fromFile));
    assertThat(both.status()).as(both.err()).isZero();
    assertThat(both.out()).isEqualTo(CliProcess.asPiped(Files.readAllBytes(fromFile)));
  }

  @Test
  void call_longWav_isStreamedBlockByBlockAndWritesWhatRunWrites() throws Exception {
    start();
    // 4.4 M samples: over the 16 MiB (as 32-bit samples) above which both stream the file.
    float[] samples = new float[4_400_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) Math.sin(i * 0.01) * ((i / 48_000) % 2 == 0 ? 0.5f : 0.001f);
    }
    Path in = dir.resolve("long.wav");
    WavWriter.write(in, AudioBuffer.of(new AudioFormat(48_000, 1, SampleFormat.I16), samples),
        WavSampleEncoding.PCM_S16);
    Path local = dir.resolve("local.wav");
    Path remote = dir.resolve("remote.wav");
    Path localJson = dir.resolve("local.json");
    Path remoteJson = dir.resolve("remote.json");

    int runCode = new RunCommand(print(out), print(err)).run(new String[] {
        "--manifest", "../examples/voice.yaml", "--input", in.toString(),
        "--output", local.toString(), "--data-output", localJson.toString()});
    int callCode = call("--target", "127.0.0.1:" + server.port(), "--token-file",
        tokenFile("alice-token").toString(), "--manifest", "../examples/voice.yaml",
        "--input", in.toString(), "--output", remote.toString(),
        "--data-output", remoteJson.toString());

    assertThat(runCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(callCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readAllBytes(remote)).isEqualTo(Files.readAllBytes(local));
    assertThat(Files.readString(remoteJson)).isEqualTo(Files.readString(localJson))
        .contains("\"start_ms\"");
    assertThat(new WavReader().read(remote).samples()).hasSize(1_466_667);
  }

  @Test
  void call_longWavPushedPastFullScale_notesTheSameClippedSamplesAsRun() throws Exception {
    start();
    // Streamed block by block (4.4 M samples), +12 dB on a sine of 0.5: the sink's count of
    // clipped samples comes back in the session's metrics, from the runner or the server.
    float[] samples = new float[4_400_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(i * 0.01));
    }
    Path in = dir.resolve("long.wav");
    WavWriter.write(in, AudioBuffer.of(new AudioFormat(48_000, 1, SampleFormat.I16), samples),
        WavSampleEncoding.PCM_S16);
    Path manifest = dir.resolve("loud.json");
    Files.writeString(manifest, """
        {"version": "v1", "nodes": [{"id": "g", "node_type": "Gain",
          "params": {"gain_db": 12}}]}
        """);
    Path local = dir.resolve("local.wav");
    Path remote = dir.resolve("remote.wav");

    int runCode = new RunCommand(print(out), print(err)).run(new String[] {
        "--manifest", manifest.toString(), "--input", in.toString(),
        "--output", local.toString()});
    int callCode = call("--target", "127.0.0.1:" + server.port(), "--token-file",
        tokenFile("alice-token").toString(), "--manifest", manifest.toString(),
        "--input", in.toString(), "--output", remote.toString());

    assertThat(runCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(callCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    // Clipped: what +12 dB takes past full scale; those within 0.1 % of it may round either
    // way, and a sample that rounds onto full scale from below is not clipped.
    double gain = Math.pow(10, 12 / 20.0);
    long surely = 0;
    long maybe = 0;
    for (float sample : new WavReader().read(in).samples()) {
      double level = Math.abs(sample * gain);
      surely += level > 1.001 ? 1 : 0;
      maybe += level > 0.999 ? 1 : 0;
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    Matcher notes = Pattern.compile("PCM_S16 -> (\\S+) \\((\\d+) samples clipped\\)")
        .matcher(printed);
    assertThat(notes.find()).as(printed).isTrue();
    assertThat(notes.group(1)).isEqualTo(local.toString());
    long clipped = Long.parseLong(notes.group(2));
    assertThat(clipped).isBetween(surely, maybe).isGreaterThan(2_000_000);
    assertThat(notes.find()).as(printed).isTrue();
    assertThat(notes.group(1)).isEqualTo(remote.toString());
    assertThat(Long.parseLong(notes.group(2))).as("call's count").isEqualTo(clipped);
  }

  @Test
  void call_longOggOpus_isStreamedAndWritesWhatRunWrites() throws Exception {
    start();
    // 17.6 M samples from 6 KB: more than a whole request holds (max_input_samples 16 M).
    Path in = dir.resolve("long.opus");
    Files.write(in, ConcealedPacketsOgg.file(12));
    Path local = dir.resolve("local.wav");
    Path remote = dir.resolve("remote.wav");

    int runCode = new RunCommand(print(out), print(err)).run(new String[] {
        "--manifest", "../examples/voice.yaml", "--input", in.toString(),
        "--output", local.toString()});
    int callCode = call("--target", "127.0.0.1:" + server.port(), "--token-file",
        tokenFile("alice-token").toString(), "--manifest", "../examples/voice.yaml",
        "--input", in.toString(), "--output", remote.toString());

    assertThat(runCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(callCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readAllBytes(remote)).isEqualTo(Files.readAllBytes(local));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("vad: 5875200 frames");
  }

  @Test
  void call_targetGivenTwice_isRefused() {
    assertThat(call("--target", "127.0.0.1:1", "--target", "127.0.0.1:2", "--manifest",
        "../examples/gain.json", "--input", "in.wav", "--output", "out.wav")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--target is given twice; give it once");
  }

  @Test
  void call_wrongToken_exitsOneWithTheServersMessage() throws Exception {
    start();
    Path in = dir.resolve("in.wav");
    WavWriter.write(in, AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}),
        WavSampleEncoding.FLOAT32);

    int code = call("--target", "127.0.0.1:" + server.port(), "--token-file",
        tokenFile("wrong-token").toString(), "--manifest", "../examples/gain.json",
        "--input", in.toString(), "--output", dir.resolve("out.wav").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("remotemedia call: unauthenticated: missing or invalid credentials"
            + System.lineSeparator());
    assertThat(dir.resolve("out.wav")).doesNotExist();
  }

  @Test
  void call_badManifest_printsTheSameLineAndColumnAsRun() throws Exception {
    start();
    Path manifest = dir.resolve("loud.yaml");
    Files.writeString(manifest, "version: v1\nnodes:\n  - id: g\n    node_type: Gain\n"
        + "    params: {gain_db: 100}\n");
    Path in = dir.resolve("in.wav");
    WavWriter.write(in, AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}),
        WavSampleEncoding.FLOAT32);

    int runCode = new RunCommand(print(out), print(err)).run(new String[] {
        "--manifest", manifest.toString(), "--input", in.toString(),
        "--output", dir.resolve("local.wav").toString()});
    String runMessage = err.toString(StandardCharsets.UTF_8);
    err.reset();
    int callCode = call("--target", "127.0.0.1:" + server.port(), "--token-file",
        tokenFile("alice-token").toString(), "--manifest", manifest.toString(),
        "--input", in.toString(), "--output", dir.resolve("remote.wav").toString());

    assertThat(runCode).isEqualTo(1);
    assertThat(callCode).isEqualTo(1);
    assertThat(runMessage).isEqualTo("remotemedia run: validation: nodes[0].params.gain_db"
        + " (line 5, column 23): value 100 is out of range; allowed: [-120, 60]\n");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(runMessage.replace("remotemedia run:", "remotemedia call:"));
  }

  @Test
  void call_nothingListening_saysNoServerAnsweredThereNotBusy() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // Closed again below: nothing listens there.
    }
    Path in = dir.resolve("in.wav");
    WavWriter.write(in, AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}),
        WavSampleEncoding.FLOAT32);

    int code = call("--target", "127.0.0.1:" + port, "--manifest", "../examples/gain.json",
        "--input", in.toString(), "--output", dir.resolve("out.wav").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("remotemedia call: no server answered at 127.0.0.1:" + port
            + " (UNAVAILABLE: ")
        .endsWith("); check that a RemoteMedia server runs there and that --target and the TLS"
            + " options are right" + System.lineSeparator())
        .as("the transport's own reason").contains("Connection refused")
        .doesNotContain("busy");
  }

  @Test
  void call_connectionFilesThatCannotServe_nameTheOptionTheFileAndTheProblem()
      throws Exception {
    Path text = Files.writeString(dir.resolve("notes.pem"), "hello\n");
    Path binary = Files.write(dir.resolve("audio.pem"), new byte[] {'R', 'I', 'F', 'F',
        (byte) 0xFF, (byte) 0xFE, 0, 0});
    Path absent = dir.resolve("absent.pem");
    String[] common = {"--target", "127.0.0.1:1", "--manifest", "../examples/gain.json",
        "--input", "in.wav", "--output", dir.resolve("out.wav").toString()};

    assertThat(callWith(common, "--tls-ca", text.toString())).isEqualTo(2);
    assertThat(errLine()).startsWith("remotemedia call: --tls-ca " + text
        + ": not a readable PEM certificate (");
    assertThat(callWith(common, "--tls-ca", binary.toString())).isEqualTo(1);
    assertThat(errLine()).isEqualTo("remotemedia call: --tls-ca " + binary
        + ": not a text file; give a PEM file");
    assertThat(callWith(common, "--token-file", absent.toString())).isEqualTo(1);
    assertThat(errLine()).isEqualTo("remotemedia call: --token-file " + absent
        + ": cannot read it: not found");
  }

  @Test
  void call_deadline_isTheOptionsAndItsPassingNamesIt() throws Exception {
    Path in = dir.resolve("in.wav");
    WavWriter.write(in, AudioBuffer.of(AudioFormat.f32(8000, 1), new float[8]),
        WavSampleEncoding.FLOAT32);
    // Accepts connections and never answers: the call waits for a ready server.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String[] common = {"--target", "127.0.0.1:" + silent.getLocalPort(), "--manifest",
          "../examples/gain.json", "--input", in.toString(), "--output",
          dir.resolve("out.wav").toString()};

      assertThat(callWith(common, "--deadline-s", "0.5")).isEqualTo(1);
      assertThat(errLine()).startsWith("remotemedia call: timeout: the call did not end within"
          + " its deadline: no replica was ready to take it in time")
          .endsWith("; --deadline-s sets the deadline");
      assertThat(callWith(common, "--deadline-s", "soon")).isEqualTo(2);
      assertThat(errLine()).isEqualTo("remotemedia call: --deadline-s must be a number of"
          + " seconds, was \"soon\"");
    }
  }

  private int callWith(String[] common, String... more) {
    err.reset();
    String[] args = java.util.Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, args, common.length, more.length);
    return call(args);
  }

  private String errLine() {
    return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
  }

  @Test
  void call_targetWithoutPort_saysSoAndShowsHostColonPort() throws Exception {
    Path in = dir.resolve("in.wav");
    WavWriter.write(in, AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}),
        WavSampleEncoding.FLOAT32);

    // 127.0.0.2 is loopback on Linux; no server runs on gRPC's default port 80 there.
    int code = call("--target", "127.0.0.2", "--manifest", "../examples/gain.json",
        "--input", in.toString(), "--output", dir.resolve("out.wav").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("remotemedia call: no server answered at 127.0.0.2 (UNAVAILABLE: ")
        .contains("); the target names no port, so gRPC used its default (443, or 80 without"
            + " TLS); give HOST:PORT, for example 127.0.0.2:50051; check that")
        .doesNotContain("busy");
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1:50051, true", "localhost, false", "[::1]:50051, true", "[::1], false",
      "dns:///media.internal:50051, true", "dns:///media.internal, false",
      "'h1:1,h2:2', true"})
  void namesPort_readsTheTargetForms(String target, boolean expected) {
    assertThat(CallCommand.namesPort(target)).isEqualTo(expected);
  }

  @Test
  void call_withoutTarget_exitsTwoWithUsage() {
    int code = call("--manifest", "m.json", "--input", "in.wav", "--output", "out.wav");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("remotemedia call: --target is required, for example 127.0.0.1:50051")
        .contains("--token-file FILE").contains("--manifest FILE");
  }

  @Test
  void call_missingTokenFile_exitsOneNamingTheFile() {
    Path missing = dir.resolve("absent.token");

    int code = call("--target", "127.0.0.1:1", "--token-file", missing.toString(),
        "--manifest", "m.json", "--input", "in.wav", "--output", "out.wav");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("remotemedia call: --token-file " + missing + ": cannot read it");
  }

  private int call(String... args) {
    return new CallCommand(print(out), print(err)).run(args);
  }

  private Path tokenFile(String token) throws IOException {
    Path file = dir.resolve(token + ".token");
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private void start() throws Exception {
    Path tokens = dir.resolve("tokens.txt");
    Files.writeString(tokens, TokenSet.hashLine("alice", "alice-token") + "\n");
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        server:
          port: 0
        metrics:
          enabled: false
        auth:
          enabled: true
          tokens_file: %s
        """.formatted(tokens), StandardCharsets.UTF_8);
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
