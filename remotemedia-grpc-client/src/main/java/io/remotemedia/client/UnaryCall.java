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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One unary call as a {@link CompletableFuture}: it completes with the response or fails with a
 * {@link RemoteMediaException} (or with what a caller's channel threw as an attempt started, as
 * it was thrown), and cancelling the future cancels the call on the server.
 */
final class UnaryCall {
  /**
   * Makes the attempts of calls made again after a pause ({@code remotemedia-call-attempt-N}),
   * each thread made on demand and ended after {@link SdkTimer#IDLE_TIME} without one. Not the
   * timer's own thread: an attempt runs the caller's channel (its interceptors, and with a
   * direct executor the call's callbacks), which may block, and on the timer it would hold back
   * every resumable session's deadline, silence check and resume attempt meanwhile.
   */
  private static final Executor ATTEMPTS =
      SdkThreadFactory.onDemandPool("remotemedia-call-attempt", SdkTimer.IDLE_TIME);

  private UnaryCall() {}

  /**
   * Starts the call.
   *
   * @param target where the channel calls, for messages: its target, or every address of a
   *     static list (the channel's authority names the first alone)
   */
  static <Q, R> CompletableFuture<R> start(Channel channel, String target,
      MethodDescriptor<Q, R> method, CallOptions options, Q request) {
    CompletableFuture<R> future = new CompletableFuture<>();
    CallAttempts attempts = new CallAttempts();
    attempt(channel, target, method, attempts.watching(options), request, future, 0, attempts);
    return future;
  }

  /**
   * Makes one attempt; a call cut by the transport, or refused unrun by a draining server, is
   * made again (see {@link CutCallRetry#isMadeAgain}) after a pause ({@link AttemptPause}).
   * Without it the attempts would follow each other within a millisecond, and the channel's
   * round-robin, which picks only among the connections already made, could hand every one of
   * them to the replica that refused the first while the connection to another is being made.
   */
  private static <Q, R> void attempt(Channel channel, String target,
      MethodDescriptor<Q, R> method, CallOptions options, Q request, CompletableFuture<R> future,
      int attempt, CallAttempts attempts) {
    if (future.isDone()) {
      return; // Cancelled by the caller between attempts.
    }
    ClientCall<Q, R> call = channel.newCall(method, options);
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
        long pauseMs = AttemptPause.drawMs(attempt + 2);
        if (attempt < CutCallRetry.EXTRA_ATTEMPTS
            && CutCallRetry.isMadeAgain(t, options.getDeadline()) && !future.isDone()
            && AttemptPause.fits(pauseMs, options.getDeadline())) {
          // The SDK's timer waits out the pause, and an SDK thread makes the attempt: none of
          // the channel's threads waits. CompletableFuture.delayedExecutor would not do: its
          // thread lives as long as the JVM with the context class loader of the thread that
          // first used it (an application's, in an application server), and with two CPUs or
          // fewer it starts a thread per task. What the attempt throws fails the call, which
          // runAsync would keep in a future nobody reads. With no thread to be had, the
          // attempt runs on the timer rather than never (its future would not complete).
          CompletableFuture.runAsync(() -> attempt(channel, target, method, options, request,
                  future, attempt + 1, attempts),
              task -> SdkTimer.schedule(
                  () -> SdkThreadFactory.executeOrRunHere(ATTEMPTS, task), pauseMs))
              .exceptionally(thrown -> failWith(future, thrown));
        } else {
          future.completeExceptionally(
              CutCallRetry.failure(t, attempts, target, options.getDeadline()));
        }
      }

      @Override
      public void onCompleted() {}
    });
  }

  /**
   * Starts the call once {@code gate} completes (the version negotiation), and maps the
   * response with {@code fromProto}. Cancelling the returned future cancels the call, or
   * keeps it from starting. A gate refused as the client was closed (IllegalStateException,
   * see {@link VersionNegotiation}) fails the call with it, as a call on a closed client fails.
   */
  static <Q, R, T> CompletableFuture<T> after(CompletableFuture<Void> gate, Channel channel,
      String target, MethodDescriptor<Q, R> method, CallOptions options, Q message,
      Function<R, T> fromProto) {
    CompletableFuture<T> result = new CompletableFuture<>();
    // What starting the call throws (the caller's channel refusing a new call) fails it, which
    // whenComplete would only pass on to the stage it returns.
    gate.whenComplete((ok, failure) -> {
      if (failure != null) {
        Throwable cause = unwrap(failure);
        result.completeExceptionally(
            cause instanceof IllegalStateException closed ? closed : translate(cause));
        return;
      }
      if (result.isDone()) {
        return; // Cancelled while negotiating.
      }
      CompletableFuture<R> call = start(channel, target, method, options, message);
      result.whenComplete((value, error) -> {
        if (result.isCancelled()) {
          call.cancel(true);
        }
      });
      call.whenComplete((response, error) -> {
        if (error != null) {
          result.completeExceptionally(error);
          return;
        }
        try {
          result.complete(map(response, fromProto));
        } catch (RemoteMediaException malformed) {
          result.completeExceptionally(malformed);
        }
      });
    }).exceptionally(thrown -> failWith(result, thrown));
    return result;
  }

  /**
   * Fails {@code future} with {@code thrown}, what a stage run for it threw, unless it is done
   * already (as when the stage passes on the failure it was given). Returns null, the value
   * {@code exceptionally} wants.
   */
  private static Void failWith(CompletableFuture<?> future, Throwable thrown) {
    future.completeExceptionally(unwrap(thrown));
    return null;
  }

  /**
   * Waits for {@code gate} (the version negotiation), then makes the call on the waiting
   * thread, as grpc-java's blocking stubs do: the answer is read and mapped there, with no hand-off
   * to the channel's executor. Interrupting the thread cancels the call.
   *
   * @throws RemoteMediaException the call's failure, or CANCELLED when interrupted
   */
  static <Q, R, T> T blocking(CompletableFuture<Void> gate, Channel channel, String target,
      MethodDescriptor<Q, R> method, CallOptions options, Q message, Function<R, T> fromProto) {
    await(gate);
    R response = null;
    CallAttempts attempts = new CallAttempts();
    CallOptions watched = attempts.watching(options);
    for (int attempt = 0; response == null; attempt++) {
      try {
        response = ClientCalls.blockingUnaryCall(channel, method, watched, message);
      } catch (StatusRuntimeException e) {
        if (attempt == CutCallRetry.EXTRA_ATTEMPTS
            || !CutCallRetry.isMadeAgain(e, options.getDeadline())) {
          throw CutCallRetry.failure(e, attempts, target, options.getDeadline());
        }
        if (!AttemptPause.pause(attempt + 2, options.getDeadline())) {
          // The thread was interrupted (before or in the pause), or the pause would reach the
          // deadline; only the second is told as the deadline's.
          if (Thread.currentThread().isInterrupted()) {
            throw AttemptPause.interrupted(attempt + 1,
                CutCallRetry.failure(e, attempts, target));
          }
          throw CutCallRetry.failure(e, attempts, target, options.getDeadline());
        }
      }
    }
    return map(response, fromProto);
  }

  private static <R, T> T map(R response, Function<R, T> fromProto) {
    try {
      return fromProto.apply(response);
    } catch (PipelineException malformed) {
      throw new RemoteMediaException(Status.Code.INTERNAL, PipelineException.builder(
          malformed.kind(), "bad response from the server: " + malformed.getMessage())
          .cause(malformed));
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
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
