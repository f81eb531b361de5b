package io.remotemedia.bench.load;

import java.util.Locale;

/** Where a scenario's calls go. */
public enum Via {
  /** To a RemoteMedia server, through the client SDK. */
  REMOTE,
  /** To an echo server, with the same request and response sizes: the transport floor. */
  ECHO,
  /**
   * To a bare grpc-java service that runs the scenario's pipeline itself behind the echo
   * floor's method ({@code io.remotemedia.bench.echo.PipelineEchoServer}): what any gRPC server
   * pays for the same pipeline and its transport. Unary scenarios only.
   */
  BARE,
  /** In this process, through {@code LocalPipelineRunner}: no transport at all. */
  LOCAL;

  /** {@return the name on the command line and in reports} */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Via parse(String name) {
    for (Via via : values()) {
      if (via.cliName().equals(name)) {
        return via;
      }
    }
    throw new IllegalArgumentException("--via: expected remote, echo, bare or local, was \""
        + name + "\"");
  }
}
