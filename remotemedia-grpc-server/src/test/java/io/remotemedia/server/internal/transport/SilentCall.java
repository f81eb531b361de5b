package io.remotemedia.server.internal.transport;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A GetVersion call that sends nothing, for driving the wait for a request without a transport:
 * its close records the status, then may throw.
 */
final class SilentCall extends ServerCall<VersionRequest, VersionResponse> {
  final CompletableFuture<Status> closed = new CompletableFuture<>();
  private final RuntimeException closeFailure;

  SilentCall(RuntimeException closeFailure) {
    this.closeFailure = closeFailure;
  }

  @Override
  public void close(Status status, Metadata trailers) {
    closed.complete(status);
    if (closeFailure != null) {
      throw closeFailure;
    }
  }

  @Override
  public MethodDescriptor<VersionRequest, VersionResponse> getMethodDescriptor() {
    return PipelineServiceGrpc.getGetVersionMethod();
  }

  @Override
  public void request(int count) {}

  @Override
  public void sendHeaders(Metadata headers) {}

  @Override
  public void sendMessage(VersionResponse message) {}

  @Override
  public boolean isCancelled() {
    return false;
  }
}
