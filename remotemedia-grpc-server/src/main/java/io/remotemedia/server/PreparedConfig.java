package io.remotemedia.server;

import io.remotemedia.server.auth.TokenFile;
import io.remotemedia.server.auth.TokenFileException;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigProblem;
import io.remotemedia.server.config.EffectiveConfig;
import io.remotemedia.server.config.LoadedConfig;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.tls.ServerTls;
import io.remotemedia.server.tls.TlsMaterial;
import io.remotemedia.server.tls.TlsMaterialException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration with the files it points at read and checked: the tokens file, the server's
 * certificate and key, and the metrics endpoint's password and certificate. A file that cannot
 * be used is one more problem of {@link #loaded()}, so that a start lists every problem at once
 * and a reload that finds one changes nothing. Immutable.
 *
 * @param loaded the configuration, with the problems of its files added
 * @param tokens the tokens file's clients, if authentication is on and the file was read
 * @param tlsMaterial the server's certificate and key, if TLS is on and they were read
 * @param metrics what the metrics endpoint is served with
 */
record PreparedConfig(LoadedConfig loaded, Optional<TokenSet> tokens,
    Optional<TlsMaterial> tlsMaterial, MetricsEndpointSetup.Read metrics) {

  /** Reads the files {@code loaded} names; a file that cannot be used becomes a problem. */
  static PreparedConfig read(LoadedConfig loaded) {
    RemoteMediaConfig config = loaded.config();
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<TokenSet> tokens = Optional.empty();
    if (config.auth().enabled() && config.auth().tokensFile().isPresent()) {
      Path file = config.auth().tokensFile().get();
      try {
        TokenSet set = TokenFile.read(file);
        tokens = Optional.of(set);
        loaded = loaded.withEffective("auth.tokens", String.join(", ", set.clientNames())
            + " (SHA-256 hashes " + EffectiveConfig.REDACTED + ")",
            "tokens file");
      } catch (TokenFileException e) {
        e.problems().forEach(problem -> problems.add(new ConfigProblem("auth.tokens_file",
            problem)));
      }
    }
    Optional<TlsMaterial> material = Optional.empty();
    if (config.tls().enabled() && config.tls().certFile().isPresent()
        && config.tls().keyFile().isPresent()) {
      try {
        material = Optional.of(TlsMaterial.load(config.tls()));
      } catch (TlsMaterialException e) {
        problems.add(new ConfigProblem(e.key(), e.detail()));
      }
    }
    MetricsEndpointSetup.Read metrics = MetricsEndpointSetup.read(config.metrics(), problems);
    return new PreparedConfig(loaded.withProblems(problems), tokens, material, metrics);
  }

  /**
   * {@return the configuration, refused if its tokens file holds no clients} A server does not
   * start with such a file, which no caller could pass; a running server takes it as every
   * client revoked (the reloads, which skip this).
   */
  LoadedConfig withClientsRequired() {
    if (tokens.filter(TokenSet::isEmpty).isEmpty()) {
      return loaded;
    }
    return loaded.withProblems(List.of(new ConfigProblem("auth.tokens_file",
        loaded.config().auth().tokensFile().orElseThrow() + ": holds no tokens; add"
            + " lines printed by \"hash-token NAME\"")));
  }

  /**
   * {@return the server's TLS made from the certificate and key read, if TLS is on}
   *
   * @throws ConfigException naming the setting if the certificate and key do not make a usable
   *     TLS context
   */
  Optional<ServerTls> serverTls() throws ConfigException {
    if (tlsMaterial.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ServerTls.create(loaded.config().tls(), tlsMaterial.get()));
    } catch (TlsMaterialException e) {
      throw new ConfigException(loaded.source(), loaded
          .withProblems(List.of(new ConfigProblem(e.key(), e.getMessage()))).problems());
    }
  }
}
