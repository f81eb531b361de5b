package io.remotemedia.client;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;

/**
 * The server refused the call's credentials: the token is missing, unknown or malformed
 * ({@link Status.Code#UNAUTHENTICATED}), or the caller may not use the method ({@link
 * Status.Code#PERMISSION_DENIED}). Its {@link #kind()} is {@link ErrorKind#UNAUTHENTICATED}.
 * Retrying with the same credentials fails again; the message is the server's, which names no
 * token.
 */
public final class RemoteMediaAuthenticationException extends RemoteMediaException {
  RemoteMediaAuthenticationException(Status.Code code, PipelineException.Builder detail) {
    super(code, detail);
  }
}
