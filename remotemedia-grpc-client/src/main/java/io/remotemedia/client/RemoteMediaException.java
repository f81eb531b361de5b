package io.remotemedia.client;

import io.grpc.Status;
import io.remotemedia.pipeline.PipelineException;

/**
 * A failed remote call. It is a {@link PipelineException}, so code that handles local failures
 * handles remote ones too, and it adds the gRPC status code. The kind, node id, manifest
 * location, limit and retry hint come from the server's structured error detail; for failures
 * without one (the server unreachable, a deadline passed in transit) they are derived from the
 * status code.
 *
 * <p>Catch the subclass {@link RemoteMediaAuthenticationException} to tell missing or refused
 * credentials apart from every other failure, and {@link RemoteMediaQuotaException} for a
 * refusal by this client's own quota (with the quota's name and when to retry). The hierarchy
 * is closed: only this SDK creates these exceptions.
 *
 * <pre>{@code
 * try {
 *   client.execute(request);
 * } catch (RemoteMediaAuthenticationException e) {
 *   askForANewToken();
 * } catch (RemoteMediaException e) {
 *   switch (e.kind()) {
 *     case VALIDATION -> show(e.location());          // path, line and column in the manifest
 *     case RESOURCE_LIMIT -> show(e.limit());         // the limit and the actual value
 *     case BUSY, QUOTA_EXCEEDED -> retryIn(e.retryAfterMs());
 *     default -> fail(e);
 *   }
 * }
 * }</pre>
 */
public class RemoteMediaException extends PipelineException {
  /** The gRPC status code the call ended with; see {@link #code()}. */
  private final Status.Code code;

  RemoteMediaException(Status.Code code, PipelineException.Builder detail) {
    super(detail);
    this.code = code;
  }

  /** {@return the gRPC status code the call ended with} */
  public Status.Code code() {
    return code;
  }
}
