package io.remotemedia.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.proto.ErrorDetail;
import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.StreamResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Records a raw StreamPipeline call's responses and its end. Public for the quota tests. */
public final class StreamRecorder implements StreamObserver<StreamResponse> {
  /** The responses so far, in order. */
  public final List<StreamResponse> responses = new CopyOnWriteArrayList<>();
  /** Completes when the call ends: normally, or exceptionally with its status. */
  public final CompletableFuture<Void> end = new CompletableFuture<>();

  @Override
  public void onNext(StreamResponse response) {
    responses.add(response);
  }

  @Override
  public void onError(Throwable t) {
    end.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    end.complete(null);
  }

  /** Waits up to 20 s for the call to end with an error and returns it. */
  public StatusRuntimeException error() throws Exception {
    try {
      end.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (StatusRuntimeException) e.getCause();
    }
    throw new AssertionError("the call ended without an error, after " + kinds());
  }

  /** {@return the kinds of the responses so far, for assertions and failure messages} */
  public List<StreamResponse.KindCase> kinds() {
    return responses.stream().map(StreamResponse::getKindCase).toList();
  }

  /** Returns the {@code ErrorDetail} a failed call carries; fails if it has none. */
  public static ErrorDetail detailOf(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null || status.getDetailsCount() == 0) {
      throw new AssertionError("no status details in " + e);
    }
    try {
      return status.getDetails(0).unpack(ErrorDetail.class);
    } catch (InvalidProtocolBufferException ex) {
      throw new AssertionError("detail is not an ErrorDetail", ex);
    }
  }
}
