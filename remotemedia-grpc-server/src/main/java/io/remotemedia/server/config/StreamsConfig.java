package io.remotemedia.server.config;

import io.remotemedia.server.StreamSettings;
import java.util.Objects;

/**
 * The {@code streams} section. Changes take effect on restart.
 *
 * @param sessions how long StreamPipeline sessions may stay silent and open, and where their
 *     chunks are processed: the server's own {@link StreamSettings}, which own those facts
 * @param maxOpen StreamPipeline sessions that may be open at once ({@code streams.max_open}):
 *     the runner's stream slots; one more is refused as BUSY
 */
public record StreamsConfig(StreamSettings sessions, int maxOpen) {
  /**
   * Validates the section.
   *
   * @param sessions the StreamPipeline session timeouts and chunk thread; not null
   * @param maxOpen StreamPipeline sessions that may be open at once; at least 1
   * @throws NullPointerException if {@code sessions} is null
   * @throws IllegalArgumentException if {@code maxOpen} is below 1
   */
  public StreamsConfig {
    Objects.requireNonNull(sessions, "sessions");
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be >= 1, was " + maxOpen);
    }
  }
}
