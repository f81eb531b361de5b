package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.internal.logging.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator is warned about when the server starts, for each setting that needs it. */
class StartupWarningsTest {
  private static final Optional<TokenSet> NO_AUTHENTICATION = Optional.empty();
  private static final Optional<TokenSet> ALICE_ONLY =
      Optional.of(TokenSet.of(Map.of("alice", TokenSet.sha256("alice's token"))));

  @TempDir Path temp;
  private CapturedLog log;

  @BeforeEach
  void captureLog() {
    log = CapturedLog.start("startup-warnings");
  }

  @AfterEach
  void stopCapture() {
    log.close();
  }

  @Test
  void log_authenticationOffOnLoopback_saysItServesOnLoopbackOnly() throws Exception {
    StartupWarnings.log(config(""), NO_AUTHENTICATION);

    assertThat(log.text())
        .contains("authentication is off (auth.enabled: false); serving on loopback 127.0.0.1"
            + " only")
        .doesNotContain("authentication is OFF")
        .doesNotContain("TLS is off");
  }

  @Test
  void log_authenticationAndTlsOffOnEveryInterface_warnsOfBoth() throws Exception {
    StartupWarnings.log(config("""
        server:
          host: 0.0.0.0
        auth:
          enabled: false
        """), NO_AUTHENTICATION);

    assertThat(log.text())
        .contains("authentication is OFF and the server binds 0.0.0.0: anyone who can reach it"
            + " can run pipelines")
        .contains("TLS is off and the server binds 0.0.0.0: calls and tokens cross the network"
            + " in plaintext");
  }

  @Test
  void log_quotasForClientsWithoutAuthentication_saysEveryCallerIsAnonymous() throws Exception {
    StartupWarnings.log(config(quotasFor("alice")), NO_AUTHENTICATION);

    assertThat(log.text()).contains("quotas.clients is set but authentication is off: every"
        + " caller is \\\"anonymous\\\" and gets quotas.default");
  }

  @Test
  void log_quotasForAClientTheTokensFileDoesNotName_namesIt() throws Exception {
    StartupWarnings.log(config(quotasFor("alice", "bob")), ALICE_ONLY);

    assertThat(log.text())
        .contains("quotas.clients names clients that are not in the tokens file, so their"
            + " quotas apply to nobody: [bob] (clients: [alice])")
        .doesNotContain("quotas.clients is set but authentication is off");
  }

  @Test
  void log_quotasForTheTokensFilesClientsOnly_warnsOfNoQuota() throws Exception {
    StartupWarnings.log(config(quotasFor("alice")), ALICE_ONLY);

    assertThat(log.text()).doesNotContain("quotas.clients");
  }

  /** {@return a quotas section that gives each of {@code clients} a quota of its own} */
  private static String quotasFor(String... clients) {
    StringBuilder yaml = new StringBuilder("quotas:\n  clients:\n");
    for (String client : clients) {
      yaml.append("    ").append(client).append(":\n      concurrent_calls: 2\n");
    }
    return yaml.toString();
  }

  private RemoteMediaConfig config(String yaml) throws Exception {
    Path file = Files.createTempFile(temp, "config", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return ConfigLoader.builder().file(file).build().load().orThrow();
  }
}
