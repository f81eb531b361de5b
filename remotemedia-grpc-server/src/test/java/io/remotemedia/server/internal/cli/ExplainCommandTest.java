package io.remotemedia.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain} here and against the real server on loopback port 0. */
class ExplainCommandTest {
  /** docs/client.md's example: an AudioResample to 16 kHz, "in", feeding a VAD, "vad". */
  private static final Path MANIFEST = Path.of("../examples/voice.yaml");

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private RemoteMediaServer server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  private int explain(String... args) {
    out.reset();
    err.reset();
    return new ExplainCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void explain_opusInMuLawOut_printsDecoderNodesEncoderAndTotal() {
    int code = explain("--manifest", MANIFEST.toString(),
        "--input", "in=48000:1:opus-packets:20", "--output-encoding", "vad=mu-law");

    assertThat(code).as(err()).isZero();
    String[] lines = out().split("\n");
    assertThat(lines[0]).isEqualTo("decoder in: OPUS_PACKETS -> 48000 Hz, 1 ch, I16, 20.0 ms"
        + " packets, look-ahead 312 frames, delay 312 frames, latency 26.500 ms");
    assertThat(lines[1]).startsWith("node in (AudioResample): 48000 Hz, 1 ch, I16 -> 16000 Hz");
    assertThat(lines[2]).startsWith("node vad (VAD): 16000 Hz");
    assertThat(lines[3]).isEqualTo("encoder vad: 16000 Hz, 1 ch, I16 -> MU_LAW, latency 0.000 ms");
    assertThat(lines[4]).startsWith("total latency ").endsWith(", admitted");
  }

  @Test
  void explain_aRateOfMoreDigitsThanAnIntHolds_saysItIsTooLarge_notThatItIsNoNumber() {
    assertThat(explain("--manifest", MANIFEST.toString(), "--input", "in=99999999999999:1"))
        .isEqualTo(2);
    assertThat(err()).contains("--input in=99999999999999:1: RATE is 99999999999999, over the"
        + " largest this takes (2147483647)");
    assertThat(explain("--manifest", MANIFEST.toString(), "--input", "in=4.8e4:1"))
        .isEqualTo(2);
    assertThat(err()).contains("RATE must be a whole number, was \"4.8e4\"");
  }

  @Test
  void explain_remote_printsWhatALocalExplainPrints() throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
    server.start();
    String[] args = {"--manifest", MANIFEST.toString(), "--input", "in=16000:1:a-law",
        "--output-encoding", "vad=opus-packets:16000:40"};

    assertThat(explain(args)).as(err()).isZero();
    String local = out();
    String[] remoteArgs = new String[args.length + 2];
    System.arraycopy(args, 0, remoteArgs, 0, args.length);
    remoteArgs[args.length] = "--target";
    remoteArgs[args.length + 1] = "127.0.0.1:" + server.port();
    assertThat(explain(remoteArgs)).as(err()).isZero();

    assertThat(out()).isEqualTo(local).contains("-> OPUS_PACKETS", "16000 bit/s",
        "40.0 ms packets", "latency 46.500 ms");
  }

  @Test
  void explain_opusAtARateOpusCannotCode_exitsOneNamingTheSinkAndTheRate() {
    int code = explain("--manifest", MANIFEST.toString(), "--input", "in=44100:1",
        "--output-encoding", "vad=ogg-opus");

    // The resampler brings 44.1 kHz to 16 kHz, which Opus codes; VAD passes it on.
    assertThat(code).as(err()).isZero();

    code = explain("--manifest", MANIFEST.toString(), "--input", "in=44100:1:opus-packets");
    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("inputs[\"in\"]: Opus codes at 8000, 12000, 16000, 24000 or"
        + " 48000 Hz, not 44100 Hz");
  }

  @Test
  void explain_outputEncodingForANodeThatIsNotASink_exitsTwoNamingTheSinks() {
    int code = explain("--manifest", MANIFEST.toString(), "--input", "in=44100:1",
        "--output-encoding", "in=mu-law");

    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("remotemedia explain: --output-encoding[\"in\"] names a node"
        + " that is not a sink (a connection leaves it); sinks: vad\n");
  }

  @Test
  void explain_remoteInputForNoNode_exitsTwoBeforeCallingTheServer() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    // Nothing listens on the port closed above: a call there would fail with another message,
    // so this refusal comes before any connection is tried.
    int code = explain("--manifest", MANIFEST.toString(), "--input", "nope=16000:1",
        "--target", "127.0.0.1:" + port);

    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("remotemedia explain: --input[\"nope\"] names no node of the"
        + " manifest; sources: in\n");
  }

  @Test
  void explain_oggOpusInputAt16000_exitsOneWithTheCallsMessage() {
    int code = explain("--manifest", MANIFEST.toString(), "--input", "in=16000:1:ogg-opus");

    assertThat(code).isEqualTo(1);
    assertThat(err()).contains(
        "inputs[\"in\"]: Ogg Opus decodes at 48000 Hz; sample_rate_hz says 16000");
  }

  @Test
  void explain_unknownEncoding_exitsTwoListingTheKnownOnes() {
    int code = explain("--manifest", MANIFEST.toString(), "--input", "in=8000:1:ulaw");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("--input in=8000:1:ulaw: unknown encoding \"ulaw\"; known: pcm,"
        + " mu-law, a-law, ogg-opus, opus-packets");
  }

  @Test
  void explain_packetDurationOpusDoesNotHave_exitsTwoInTheOptionsMilliseconds() {
    int code = explain("--manifest", MANIFEST.toString(), "--input", "in=48000:1:opus-packets:7");

    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith("remotemedia explain: --input in=48000:1:opus-packets:7:"
        + " PACKET_MS must be a multiple of 2.5 up to 120 (Opus packets last 2.5, 5, 10, 20,"
        + " 40, 60 ms or several frames up to 120), was 7\n");
    assertThat(explain("--manifest", MANIFEST.toString(), "--input",
        "in=48000:1:opus-packets:2.5")).isZero();
    // PACKET_MS is Opus's: other encodings ignore it, as before.
    assertThat(explain("--manifest", MANIFEST.toString(), "--input", "in=8000:1:mu-law:7"))
        .isZero();
  }

  @Test
  void explain_inputAndABrokenManifest_reportsTheManifestFirst() throws Exception {
    Path cycle = Files.writeString(dir.resolve("cycle.yaml"), """
        version: v1
        nodes:
          - {id: a, node_type: Gain}
          - {id: b, node_type: Gain}
        connections:
          - {from: a, to: b}
          - {from: b, to: a}
        """);

    int code = explain("--manifest", cycle.toString(), "--input", "a=48000:1");

    assertThat(code).isEqualTo(1);
    assertThat(err()).startsWith("remotemedia explain: validation: ").contains("cycle");
  }

  @Test
  void explain_inputForANodeThatIsNotASource_exitsTwoNamingTheSources() {
    int code = explain("--manifest", MANIFEST.toString(), "--input", "vad=16000:1");

    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("remotemedia explain: --input[\"vad\"] names a node that is"
        + " not a source (a connection enters it); sources: in\n");
  }

  @Test
  void explain_inputForNoNode_exitsTwoSayingItNamesNoNode() {
    int code = explain("--manifest", MANIFEST.toString(), "--input", "nope=16000:1");

    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("remotemedia explain: --input[\"nope\"] names no node of the"
        + " manifest; sources: in\n");
  }

  @Test
  void explain_inputKeyOfTenThousandCharacters_quotesSixtyFourOfThem() {
    String key = "k".repeat(10_000);

    int code = explain("--manifest", MANIFEST.toString(), "--input", key + "=16000:1");

    assertThat(code).isEqualTo(2);
    assertThat(err()).isEqualTo("remotemedia explain: --input[\"" + "k".repeat(64)
        + "…(10000 characters)\"] names no node of the manifest; sources: in\n");
  }

  @Test
  void explain_badParameter_exitsOneWithLineAndColumn() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        version: v1
        nodes:
          - {id: g, node_type: Gain, params: {gain_db: 100}}
        """);

    int code = explain("--manifest", bad.toString(), "--input", "g=8000:1");

    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("nodes[0].params.gain_db (line 3, column ");
  }
}
