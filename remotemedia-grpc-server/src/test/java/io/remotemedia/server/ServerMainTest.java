package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.internal.ReleaseVersion;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.RemoteMediaConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMainTest {

  @Test
  void loader_configFlag_winsOverTheVariableWhichWinsOverNone() {
    Map<String, String> environment = Map.of("REMOTEMEDIA_CONFIG", "from-env.yaml");

    assertThat(ServerMain.loader(ServeOptions.parse(new String[] {"--config", "flag.yaml"}),
        environment).file()).hasValue(Path.of("flag.yaml"));
    assertThat(ServerMain.loader(ServeOptions.parse(new String[0]), environment).file())
        .hasValue(Path.of("from-env.yaml"));
    assertThat(ServerMain.loader(ServeOptions.parse(new String[0]), Map.of()).file()).isEmpty();
  }

  @Test
  void loader_hostAndPortFlags_overrideTheEnvironment() throws ConfigException {
    RemoteMediaConfig config = ServerMain.loader(
        ServeOptions.parse(new String[] {"--host", "localhost", "--port", "0"}),
        Map.of("REMOTEMEDIA_SERVER_HOST", "127.0.0.2", "REMOTEMEDIA_SERVER_PORT", "6000"))
        .load().orThrow();

    assertThat(config.server().host()).isEqualTo("localhost");
    assertThat(config.server().port()).isZero();
  }

  @Test
  void run_version_printsTheReleaseVersionAndExits0() throws Exception {
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"version"})) {
      Output output = run(args);

      assertThat(output.status).as(String.join(" ", args)).isZero();
      assertThat(output.out).as(String.join(" ", args))
          .isEqualTo("remotemedia-server " + ReleaseVersion.current() + "\n")
          .matches("remotemedia-server \\d+\\.\\d+\\.\\d+.*\n");
    }
  }

  @Test
  void run_helpAndDashDashHelp_listEveryCommand() throws Exception {
    for (String[] args : List.of(new String[] {"help"}, new String[] {"--help"})) {
      Output output = run(args);

      assertThat(output.status).as(String.join(" ", args)).isZero();
      assertThat(output.out).as(String.join(" ", args))
          .contains("remotemedia-server.jar run ", "remotemedia-server.jar call --target",
              "remotemedia-server.jar hash-token", "remotemedia-server.jar help [COMMAND]")
          .containsPattern("(?m)^  call +run a manifest on a RemoteMedia server");
      assertThat(output.err).isEmpty();
    }
  }

  @Test
  void run_helpCommand_printsThatCommandsUsage() throws Exception {
    assertThat(run("help", "run").out)
        .startsWith("usage: java -jar remotemedia-server.jar run --manifest FILE")
        .doesNotContain("--target");
    assertThat(run("help", "call").out)
        .startsWith("usage: java -jar remotemedia-server.jar call --target HOST:PORT")
        .contains("--manifest FILE");
    assertThat(run("help", "explain").out)
        .startsWith("usage: java -jar remotemedia-server.jar explain --manifest FILE");
    assertThat(run("help", "hash-token").out)
        .startsWith("usage: java -jar remotemedia-server.jar hash-token");
    assertThat(run("help", "serve").out)
        .startsWith("usage: java -jar remotemedia-server.jar [serve] [--config FILE]")
        .contains("--metrics-port PORT", "SIGHUP reloads", "override the REMOTEMEDIA_*")
        // every method of the service it serves, and what the metrics port answers
        .contains("ExecutePipeline", "StreamPipeline", "GetVersion", "ExplainPipeline",
            "/-/ready")
        .doesNotContain("hash-token", "--manifest");
    assertThat(run("help", "serve").status).isZero();
    assertThat(run("serve", "--help").out).isEqualTo(run("help", "serve").out);
  }

  @Test
  void run_unknownServeOption_namesItAndPrintsServesUsageOrEveryCommands() throws Exception {
    Output serve = run("serve", "--bogus");
    Output bare = run("--bogus");

    assertThat(serve.status).isEqualTo(2);
    assertThat(serve.err).startsWith("remotemedia-server: unknown argument \"--bogus\"")
        .contains(ServeOptions.SERVE_USAGE).doesNotContain("hash-token");
    assertThat(bare.status).isEqualTo(2);
    assertThat(bare.err).contains(ServeOptions.USAGE);
  }

  @Test
  void run_helpUnknownCommand_namesTheCommandsAndExits2() throws Exception {
    Output output = run("help", "cal");

    assertThat(output.status).isEqualTo(2);
    assertThat(output.out).isEmpty();
    assertThat(output.err).isEqualTo("remotemedia-server: help: unknown command \"cal\";"
        + " commands: serve, run, call, explain, hash-token, help\n");
  }

  @Test
  void start_portInUse_throwsPortBindExceptionNamingThePortAndSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ConfigLoader loader = ServerMain.loader(ServeOptions.parse(new String[] {
          "--port", Integer.toString(taken.getLocalPort()), "--metrics-port", "0"}), Map.of());

      assertThatThrownBy(() -> ConfiguredServer.start(loader).drain())
          .isInstanceOfSatisfying(PortBindException.class, e -> {
            assertThat(e.listener()).isEqualTo(PortBindException.Listener.GRPC);
            assertThat(e.port()).isEqualTo(taken.getLocalPort());
          })
          .hasMessageStartingWith("cannot listen for gRPC on 127.0.0.1:" + taken.getLocalPort()
              + ": the port is already in use (server.port = " + taken.getLocalPort()
              + ", flag --port)");
    }
  }

  private record Output(int status, String out, String err) {}

  private static Output run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ServerMain.run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    return new Output(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void run_hashToken_printsTheLineWithoutStartingAServer() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status = ServerMain.run(new String[] {"hash-token", "alice"},
        new ByteArrayInputStream("tok\n".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of());

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(TokenSet.hashLine("alice", "tok") + "\n");
  }
}
