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

  /** Input audio was admitted: an ExecutePipeline request's inputs or one stream chunk. */
  default void audioAdmitted(String client, double audioSeconds) {}

  /** A StreamPipeline call ended, however it ended, after {@code streamSeconds} open. */
  default void streamEnded(String client, double streamSeconds) {}

  /** A call was refused because it would pass {@code quota}. */
  default void refused(String client, Quota quota) {}
}
