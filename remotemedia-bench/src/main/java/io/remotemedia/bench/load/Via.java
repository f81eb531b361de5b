package io.remotemedia.bench.load;

import java.util.Locale;

/** Where a scenario's calls go. */
public enum Via {
  /** To a RemoteMedia server, through the client SDK. */
  REMOTE,
  /** To an echo server, with the same request and response sizes: the transport floor. */
  ECHO,
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
    throw new IllegalArgumentException("--via: expected remote, echo or local, was \""
        + name + "\"");
  }
}
