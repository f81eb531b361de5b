package io.remotemedia.server.auth;

import java.util.List;

/** A tokens file cannot be used; the message names the file and each bad line. */
public final class TokenFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  TokenFileException(List<String> problems, Throwable cause) {
    super(String.join("; ", problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** {@return each problem, such as {@code tokens.txt line 3: expected NAME:SHA256HEX}} */
  public List<String> problems() {
    return problems;
  }
}
