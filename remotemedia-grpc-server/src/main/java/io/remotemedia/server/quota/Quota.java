package io.remotemedia.server.quota;

import java.util.Locale;

/**
 * The quotas a client can have. Each one's {@link #key()} is its configuration key under
 * {@code quotas.default} and {@code quotas.clients.NAME}, the {@code limit} named in the
 * ErrorDetail of a refusal, and the {@code quota} label of {@code
 * client_quota_refusals_total}.
 */
public enum Quota {
  /** Unary calls (ExecutePipeline, ExplainPipeline, GetVersion) in progress at once. */
  CONCURRENT_CALLS,
  /** StreamPipeline calls open at once. */
  OPEN_STREAMS,
  /**
   * Seconds of input audio (ExecutePipeline inputs and StreamPipeline chunks) per minute, as a
   * token bucket that holds a minute's worth and refills continuously.
   */
  AUDIO_SECONDS_PER_MINUTE;

  /** {@return the name in configuration, errors and metrics: {@code concurrent_calls}} */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
