package io.remotemedia.server.quota;

/**
 * Hears what each client uses, for the per-client metrics. Called on transport, worker and
 * timer threads, not necessarily inside the call's {@code Context}; implementations must be
 * thread-safe, fast and must not throw. {@code client} is the authenticated client's name, or
 * {@code anonymous}.
 */
public interface UsageListener {
  /** Hears nothing. */
  UsageListener NONE = new UsageListener() {};

  /**
   * Input audio was admitted: an ExecutePipeline request's inputs or one stream chunk.
   *
   * @param client the caller's name
   * @param audioSeconds the seconds of audio admitted (&gt;= 0)
   */
  default void audioAdmitted(String client, double audioSeconds) {}

  /**
   * A StreamPipeline call ended, however it ended.
   *
   * @param client the caller's name
   * @param streamSeconds how long the stream was open, in seconds (&gt;= 0)
   */
  default void streamEnded(String client, double streamSeconds) {}

  /**
   * A call was refused because it would pass a quota.
   *
   * @param client the caller's name
   * @param quota the quota it would have passed
   */
  default void refused(String client, Quota quota) {}
}
