package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.RemoteMediaConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
