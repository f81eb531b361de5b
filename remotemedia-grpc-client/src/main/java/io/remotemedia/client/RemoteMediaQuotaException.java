package io.remotemedia.client;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.time.Duration;

/**
 * The server refused the call because this client went past one of its own quotas ({@code
 * RESOURCE_EXHAUSTED}, kind {@link ErrorKind#QUOTA_EXCEEDED}). Other clients are
 * not affected, and the same call succeeds once the client's use has dropped: wait {@link
 * #retryAfter()} (zero when the request can never fit, such as more audio in one request than
 * the whole per-minute quota).
 *
 * <pre>{@code
 * try {
 *   client.execute(request);
 * } catch (RemoteMediaQuotaException e) {
 *   log.warn("over quota {} (limit {}); retrying in {}", e.quota(), e.quotaLimit(),
 *       e.retryAfter());
 *   Thread.sleep(e.retryAfter().toMillis());
 * }
 * }</pre>
 */
public final class RemoteMediaQuotaException extends RemoteMediaException {
  RemoteMediaQuotaException(Status.Code code, PipelineException.Builder detail) {
    super(code, detail);
  }

  /**
   * {@return the quota's name as the server configures it: {@code concurrent_calls}, {@code
   * open_streams} or {@code audio_seconds_per_minute}; empty if the server named none}
   */
  public String quota() {
    return limit().map(LimitViolation::limit).orElse("");
  }

  /**
   * {@return the quota's value, in its unit (calls, streams, or audio seconds per minute); 0
   * if the server named none}
   */
  public long quotaLimit() {
    return limit().map(LimitViolation::limitValue).orElse(0L);
  }

  /** {@return how long to wait before retrying; zero when retrying cannot help} */
  public Duration retryAfter() {
    return Duration.ofMillis(retryAfterMs());
  }
}
