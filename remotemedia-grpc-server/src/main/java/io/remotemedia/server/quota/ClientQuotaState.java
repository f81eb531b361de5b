package io.remotemedia.server.quota;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One client's quota state: its calls and streams in progress and its bucket of audio seconds.
 * Every check is O(1) on this client's own counters (a compare-and-set loop, or the bucket's
 * own lock), so one client's traffic never waits on another's. Thread-safe.
 */
final class ClientQuotaState {
  /**
   * The retry hint of a refused call, in ms. The server cannot know when one of the client's
   * own calls will end; a unary call usually ends within this.
   */
  static final long CALL_RETRY_AFTER_MS = 250;
  /** The retry hint of a refused stream, in ms: streams run for seconds to minutes. */
  static final long STREAM_RETRY_AFTER_MS = 1_000;

  private final String client;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicInteger awaitingStreams = new AtomicInteger();
  private final TokenBucket audio;
  private volatile QuotaPolicy policy;
  private volatile QuotaLimits limits;

  ClientQuotaState(String client, QuotaPolicy policy, LongSupplier nanoClock) {
    this.client = client;
    this.policy = policy;
    this.limits = policy.limitsFor(client);
    this.audio = new TokenBucket(limits.audioSecondsPerMinute() * 1_000_000, nanoClock);
  }

  /**
   * Applies a reloaded policy unless it is the one applied already; calls in progress keep
   * running and count against the new quotas.
   */
  void apply(QuotaPolicy next) {
    if (next == policy) {
      return;
    }
    synchronized (this) {
      if (next == policy) {
        return;
      }
      limits = next.limitsFor(client);
      audio.resize(limits.audioSecondsPerMinute() * 1_000_000);
      policy = next;
    }
  }

  /**
   * Starts a unary call, or a stream when {@code stream} is true.
   *
   * @return the permit to close when the call ends
   * @throws QuotaRefusal if the client has its quota's worth in progress
   */
  QuotaPermit start(boolean stream) {
    Quota quota = stream ? Quota.OPEN_STREAMS : Quota.CONCURRENT_CALLS;
    AtomicInteger inProgress = stream ? streams : calls;
    int limit = (int) limits.value(quota);
    while (true) {
      int now = inProgress.get();
      if (limit > 0 && now >= limit) {
        long retryMs = stream ? STREAM_RETRY_AFTER_MS : CALL_RETRY_AFTER_MS;
        throw refusal(quota, limit, now + 1L, retryMs, "client \"" + client + "\" may have "
            + limit + (stream ? " streams open" : " unary calls in progress") + " at once ("
            + quota.key() + ") and has " + now + "; retry after " + retryMs + " ms");
      }
      if (inProgress.compareAndSet(now, now + 1)) {
        return new QuotaPermit(inProgress);
      }
    }
  }

  /**
   * Lets a stream that {@link #start} refused wait for a place until its first message: if that
   * is a {@code resume} taking over a session whose old call is still open, ending the old call
   * gives its place back ({@link CallPlace#take}). At most as many streams wait at once as the
   * client may have open, one per takeover the client could make.
   *
   * @param refused what {@link #start} threw for the stream
   * @return the stream's count among the waiting, to close when it has a place or ends
   * @throws QuotaRefusal {@code refused}, if as many streams wait already
   */
  QuotaPermit awaitStreamPlace(QuotaRefusal refused) {
    int limit = (int) limits.value(Quota.OPEN_STREAMS);
    while (true) {
      int now = awaitingStreams.get();
      if (limit > 0 && now >= limit) { // 0: reloaded to no limit since start refused it
        throw refused;
      }
      if (awaitingStreams.compareAndSet(now, now + 1)) {
        return new QuotaPermit(awaitingStreams);
      }
    }
  }

  /**
   * Charges {@code audioSeconds} of input audio to the client's bucket.
   *
   * @throws QuotaRefusal if the bucket does not hold them
   */
  void chargeAudio(double audioSeconds) {
    long micros = (long) Math.ceil(audioSeconds * 1e6);
    long waitNanos = audio.tryTake(micros);
    if (waitNanos == 0) {
      return;
    }
    long limit = limits.audioSecondsPerMinute();
    String requested = String.format(Locale.ROOT, "%.3f", audioSeconds);
    if (waitNanos == TokenBucket.NEVER) {
      throw refusal(Quota.AUDIO_SECONDS_PER_MINUTE, limit, (long) Math.ceil(audioSeconds), 0,
          "client \"" + client + "\" may send " + limit + " s of audio per minute ("
              + Quota.AUDIO_SECONDS_PER_MINUTE.key() + "); this request's " + requested
              + " s can never fit: split it");
    }
    long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
    long reached = (long) Math.ceil((audio.usedMicros() + micros) / 1e6);
    throw refusal(Quota.AUDIO_SECONDS_PER_MINUTE, limit, reached, retryMs, "client \""
        + client + "\" may send " + limit + " s of audio per minute ("
        + Quota.AUDIO_SECONDS_PER_MINUTE.key() + "); " + requested + " s more would reach "
        + reached + " s; retry after " + retryMs + " ms");
  }

  /** Returns the unary calls in progress. */
  int callsInProgress() {
    return calls.get();
  }

  /** Returns the streams open. */
  int streamsOpen() {
    return streams.get();
  }

  /** Returns the streams waiting for a place until their first message. */
  int streamsAwaitingPlace() {
    return awaitingStreams.get();
  }

  private static QuotaRefusal refusal(Quota quota, long limit, long actual, long retryMs,
      String message) {
    return new QuotaRefusal(quota, PipelineException.builder(ErrorKind.QUOTA_EXCEEDED,
            "quota exceeded: " + message)
        .limit(new LimitViolation(quota.key(), limit, actual))
        .retryAfterMs(retryMs)
        .build());
  }
}
