package io.remotemedia.server.internal.logging;

import io.grpc.Context;

/**
 * What one call used, for its access line: the input audio admitted, how long a stream was
 * open, and the quota that refused it. The access log puts a fresh one into each call's {@link
 * Context}; the quota interceptor, which runs inside it, fills it in.
 *
 * <p>The fields are volatile: a call's messages arrive one after the other, and its end is
 * recorded once, so there is one writer at a time; the access log reads them when it writes.
 */
public final class CallUsage {
  private static final Context.Key<CallUsage> KEY = Context.key("remotemedia-call-usage");

  private volatile double audioSeconds;
  private volatile double streamSeconds = -1;
  private volatile String refusedQuota;

  /** Creates an empty record; the access log makes one per call. */
  public CallUsage() {}

  /**
   * {@return the current call's record, or a fresh detached one (whose values nobody reads)
   * when no access log made one}
   */
  public static CallUsage current() {
    CallUsage usage = KEY.get();
    return usage == null ? new CallUsage() : usage;
  }

  /** Returns {@code context} with this record as the call's. */
  Context attachTo(Context context) {
    return context.withValue(KEY, this);
  }

  /**
   * Adds input audio admitted for the call.
   *
   * @param seconds the audio admitted, in seconds (&gt;= 0)
   */
  public void addAudioSeconds(double seconds) {
    audioSeconds += seconds;
  }

  /**
   * Records that the call was a stream and has ended.
   *
   * @param seconds how long the stream was open, in seconds (&gt;= 0)
   */
  public void streamEnded(double seconds) {
    streamSeconds = seconds;
  }

  /**
   * Records the quota that refused the call.
   *
   * @param quotaKey the quota's configuration key, such as {@code open_streams}
   */
  public void refusedBy(String quotaKey) {
    refusedQuota = quotaKey;
  }

  /** {@return the input audio admitted so far, in seconds; 0 if none} */
  public double audioSeconds() {
    return audioSeconds;
  }

  /** {@return how long the stream was open, in seconds, or -1 for a call that was no stream} */
  public double streamSeconds() {
    return streamSeconds;
  }

  /**
   * {@return the configuration key of the quota that refused the call, or null if none did}
   */
  public String refusedQuota() {
    return refusedQuota;
  }
}
