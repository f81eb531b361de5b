package io.remotemedia.server.internal.transport;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import java.util.List;

/**
 * Hears how each ExecutePipeline call went, for metrics and the access log. The service calls
 * it before it answers the client, so what an observer records is visible once the call returns.
 *
 * <p>Methods run on the thread that runs the call (a worker, or the transport thread for a
 * refusal) inside the call's {@link io.grpc.Context}. Implementations must be thread-safe, fast
 * and must not throw.
 */
public interface ExecutionObserver {
  /** An observer that records nothing. */
  ExecutionObserver NONE = new ExecutionObserver() {};

  /**
   * The request was decoded and is about to run.
   *
   * @param request the decoded request
   */
  default void decoded(ExecutionRequest request) {}

  /**
   * Decoding the request's input concealed {@code count} lost Opus packets (packet loss
   * concealment); called after {@link #decoded}, only when {@code count} is positive.
   *
   * @param count the packets concealed
   */
  default void concealedPackets(long count) {}

  /**
   * The request ran and {@code result} is about to be sent.
   *
   * @param request the request that ran
   * @param result its result, before encoding
   */
  default void executed(ExecutionRequest request, ExecutionResult result) {}

  /**
   * The call failed with {@code kind}: {@link ErrorKind#BUSY} when the runner had no room for
   * it, {@link ErrorKind#DRAINING} when the worker pool had shut down (the server stops).
   *
   * @param kind what failed
   */
  default void failed(ErrorKind kind) {}

  /**
   * {@return an observer that tells each of {@code observers}, in order}
   *
   * @param observers the observers to tell; copied
   */
  static ExecutionObserver all(List<ExecutionObserver> observers) {
    List<ExecutionObserver> copy = List.copyOf(observers);
    return new ExecutionObserver() {
      @Override
      public void decoded(ExecutionRequest request) {
        copy.forEach(observer -> observer.decoded(request));
      }

      @Override
      public void concealedPackets(long count) {
        copy.forEach(observer -> observer.concealedPackets(count));
      }

      @Override
      public void executed(ExecutionRequest request, ExecutionResult result) {
        copy.forEach(observer -> observer.executed(request, result));
      }

      @Override
      public void failed(ErrorKind kind) {
        copy.forEach(observer -> observer.failed(kind));
      }
    };
  }
}
