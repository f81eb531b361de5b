package io.remotemedia.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.wav.WavAudio;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.audio.wav.WavWriter;
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
  void run_missingOrTruncatedWav_exitsOneNamingTheFile() throws IOException {
    Path broken = dir.resolve("broken.wav");
    Files.write(broken, new byte[] {'R', 'I', 'F', 'F', 1, 2});

    assertThat(run("--manifest", "../examples/gain.json", "--input", broken.toString(),
        "--output", dir.resolve("o.wav").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("remotemedia run: ");
  }

  @Test
  void run_unknownSinkOrMissingOption_exitsTwoWithUsage() throws IOException {
    Path in = wav("in.wav", AudioFormat.f32(8000, 1), new float[4], WavSampleEncoding.FLOAT32);

    assertThat(run("--manifest", "../examples/gain.json", "--input", in.toString(),
        "--output", "nope=" + dir.resolve("o.wav"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(
        "--output names \"nope\", which is not a sink node; sink nodes: [gain]");
    assertThat(run("--input", in.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--manifest is required");
  }
}
