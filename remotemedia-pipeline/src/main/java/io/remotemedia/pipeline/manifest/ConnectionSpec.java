package io.remotemedia.pipeline.manifest;

import java.util.Objects;

/**
 * A directed edge: the output of node {@code from} feeds node {@code to}.
 *
 * @param from the upstream node id
 * @param to the downstream node id
 */
public record ConnectionSpec(String from, String to) {
  /**
   * Validates the connection.
   *
   * @param from the upstream node id
   * @param to the downstream node id
   * @throws NullPointerException if {@code from} or {@code to} is null
   */
  public ConnectionSpec {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
