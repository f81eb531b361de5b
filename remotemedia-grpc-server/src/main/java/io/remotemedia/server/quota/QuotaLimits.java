package io.remotemedia.server.quota;

/**
 * One client's quotas; 0 means unlimited. Immutable.
 *
 * @param concurrentCalls unary calls the client may have in progress at once
 * @param openStreams StreamPipeline calls the client may have open at once
 * @param audioSecondsPerMinute seconds of input audio the client may send per minute (a token
 *     bucket of this many seconds, refilled at this many per 60 s)
 */
public record QuotaLimits(int concurrentCalls, int openStreams, long audioSecondsPerMinute) {
  /** No quota at all. */
  public static final QuotaLimits UNLIMITED = new QuotaLimits(0, 0, 0);

  /**
   * Checks the values.
   *
   * @param concurrentCalls unary calls the client may have in progress at once; 0 unlimited
   * @param openStreams StreamPipeline calls the client may have open at once; 0 unlimited
   * @param audioSecondsPerMinute seconds of input audio the client may send per minute; 0
   *     unlimited
   * @throws IllegalArgumentException if a value is negative
   */
  public QuotaLimits {
    if (concurrentCalls < 0 || openStreams < 0 || audioSecondsPerMinute < 0) {
      throw new IllegalArgumentException("quotas must be >= 0 (0: unlimited), were "
          + concurrentCalls + ", " + openStreams + ", " + audioSecondsPerMinute);
    }
  }

  /**
   * Returns the value of one quota.
   *
   * @param quota which quota; not null
   * @return its value (calls, streams or audio seconds per minute); 0 means unlimited
   */
  public long value(Quota quota) {
    return switch (quota) {
      case CONCURRENT_CALLS -> concurrentCalls;
      case OPEN_STREAMS -> openStreams;
      case AUDIO_SECONDS_PER_MINUTE -> audioSecondsPerMinute;
    };
  }

  @Override
  public String toString() {
    return Quota.CONCURRENT_CALLS.key() + "=" + shown(concurrentCalls) + ", "
        + Quota.OPEN_STREAMS.key() + "=" + shown(openStreams) + ", "
        + Quota.AUDIO_SECONDS_PER_MINUTE.key() + "=" + shown(audioSecondsPerMinute);
  }

  private static String shown(long value) {
    return value == 0 ? "unlimited" : Long.toString(value);
  }
}
