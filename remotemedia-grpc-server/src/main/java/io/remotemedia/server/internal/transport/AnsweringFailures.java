package io.remotemedia.server.internal.transport;

import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs a unary call's work and answers the call with whatever the work throws: a {@link
 * PipelineException} as its status, any other exception as INTERNAL with a request id (the log
 * keeps the cause), and an {@link Error} (out of memory...) as INTERNAL too, unless the call
 * was answered before it, since on a worker nobody else would answer. Used by ExecutePipeline
 * and ExplainPipeline. Stateless.
 *
 * <pre>{@code
 * AnsweringFailures.run("ExplainPipeline", call, requestId, kind -> { }, () -> explain(...));
 * }</pre>
 */
final class AnsweringFailures {
  private static final Logger log = LogManager.getLogger(AnsweringFailures.class);

  private AnsweringFailures() {}

  /**
   * Runs {@code work}, answering {@code call} if it throws.
   *
   * @param method the gRPC method, for the log
   * @param call the call's response observer
   * @param requestId the call's request id, in the INTERNAL answer and the log
   * @param failed told the kind of every failure answered (metrics)
   * @param work the call's work, which answers the call itself when it returns
   */
  static void run(String method, StreamObserver<?> call, String requestId,
      Consumer<ErrorKind> failed, Runnable work) {
    boolean ended = false;
    try {
      work.run();
      ended = true;
    } catch (PipelineException e) {
      ended = true;
      failed.accept(e.kind());
      call.onError(StatusMapper.toStatusException(e));
    } catch (RuntimeException e) {
      ended = true;
      // A bug: the caller gets a generic INTERNAL, the log keeps the cause.
      log.error("{} failed unexpectedly, request id {}", method, requestId, e);
      failed.accept(ErrorKind.INTERNAL);
      call.onError(StatusMapper.internal(requestId));
    } finally {
      if (!ended) {
        // An Error on its way up: answered here, or by nobody.
        failed.accept(ErrorKind.INTERNAL);
        StatusMapper.endUnlessClosed(call, StatusMapper.internal(requestId));
      }
    }
  }
}
