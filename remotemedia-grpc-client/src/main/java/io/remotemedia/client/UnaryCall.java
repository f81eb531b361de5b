package io.remotemedia.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One unary call as a {@link CompletableFuture}: it completes with the response or fails with a
 * {@link RemoteMediaException}, and cancelling the future cancels the call on the server.
 */
final class UnaryCall {
  private UnaryCall() {}

  static <Q, R> CompletableFuture<R> start(Channel channel, MethodDescriptor<Q, R> method,
      CallOptions options, Q request) {
    ClientCall<Q, R> call = channel.newCall(method, options);
    CompletableFuture<R> future = new CompletableFuture<>();
    future.whenComplete((response, error) -> {
      if (future.isCancelled()) {
        call.cancel("cancelled by the caller", null);
      }
    });
    ClientCalls.asyncUnaryCall(call, request, new StreamObserver<>() {
      @Override
      public void onNext(R response) {
        future.complete(response);
      }

      @Override
      public void onError(Throwable t) {
        future.completeExceptionally(translate(t));
      }

      @Override
      public void onCompleted() {}
    });
    return future;
  }

  static RemoteMediaException translate(Throwable t) {
    if (t instanceof RemoteMediaException e) {
      return e;
    }
    return StatusTranslator.translate(t instanceof StatusRuntimeException e
        ? e : Status.fromThrowable(t).asRuntimeException());
  }

  /**
   * Waits for {@code future}. Interrupting the waiting thread cancels the call.
   *
   * @throws RemoteMediaException the call's failure, or CANCELLED when interrupted
   */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw translate(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RemoteMediaException(Status.Code.CANCELLED, PipelineException.builder(
          ErrorKind.CANCELLED, "interrupted while waiting for the call").cause(e));
    }
  }
}
