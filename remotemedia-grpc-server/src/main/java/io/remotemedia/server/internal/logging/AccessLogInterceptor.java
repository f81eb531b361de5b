package io.remotemedia.server.internal.logging;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.server.internal.transport.ExecutionObserver;
import io.remotemedia.server.internal.transport.StatusMapper;
import io.remotemedia.server.internal.transport.StreamOutcome;
import io.remotemedia.server.logging.ClientNameLookup;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes one JSON access line per RPC, when the call closes or is cancelled: request id,
 * client name, method, status and duration; for ExecutePipeline the pipeline name, node
 * count and per-node timings (which it hears as the service's {@link ExecutionObserver}); and
 * the call's usage ({@link CallUsage}: input audio seconds, a stream's open seconds, the quota
 * that refused it), which the quota interceptor inside it measures. It also gives each call
 * its {@link RequestId} and echoes it in the response headers.
 *
 * <p>The call's thread only takes the line's values and queues it before the status goes out;
 * {@link AccessLineQueue}'s thread builds and writes it once the process has no call in flight
 * (this interceptor counts them, to their listener's end), or within about 100 ms while calls
 * overlap, so that the call builds no JSON, wakes no logging thread before its answer has
 * been sent, and the lines' work falls between calls ({@link #flushWaitingLines} writes what
 * waits). When the transport then reports the call cancelled (the stream was reset before the
 * status was sent, so the client never got it), a WARN line with event {@code
 * rpc.undelivered} and the same request id follows. A reset after the status left the server
 * cannot be seen here; the drain's lingering close prevents the one such case the server
 * causes itself.
 *
 * <p>Never logs audio samples or request headers other than {@code x-request-id}. Register it
 * inside (after) the auth interceptor, so that the client name is known when the call starts.
 * Thread-safe.
 */
public final class AccessLogInterceptor implements ServerInterceptor, ExecutionObserver {
  private static final Logger log = LogManager.getLogger("io.remotemedia.server.access");
  private static final Context.Key<CallRecord> RECORD = Context.key("remotemedia-access-record");

  private final ClientNameLookup clientNames;

  /** @param clientNames names the caller; {@link ClientNameLookup#anonymous()} without auth */
  public AccessLogInterceptor(ClientNameLookup clientNames) {
    this.clientNames = clientNames;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String requestId = RequestId.fromHeader(headers.get(RequestId.HEADER));
    String client = clientNames.currentClientName();
    CallRecord record = new CallRecord(requestId,
        client == null ? ClientNameLookup.ANONYMOUS : client,
        call.getMethodDescriptor().getBareMethodName(), System.nanoTime());
    StreamOutcome outcome = StreamOutcome.current();
    Context context = record.usage.attachTo(Context.current()
        .withValue(RequestId.CONTEXT_KEY, requestId)
        .withValue(RECORD, record));
    ServerCall<ReqT, RespT> logged = new SimpleForwardingServerCall<>(call) {
      @Override
      public void sendHeaders(Metadata responseHeaders) {
        responseHeaders.put(RequestId.HEADER, requestId);
        super.sendHeaders(responseHeaders);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        if (record.errorKind == null) {
          StatusMapper.kindOf(status, trailers).ifPresent(record::failed);
        }
        write(record, status.getCode());
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<ReqT> listener = Contexts.interceptCall(context, logged, headers, next);
    // Counted from here: grpc tells the listener of its end, whatever happens from now on.
    AccessLineQueue lines = AccessLineQueue.shared();
    lines.callStarted();
    // A call the transport ended (or the client cancelled) is written after the inner layers
    // have heard it, since they may still close it with a status of their own.
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          Status.Code code = outcome.code(Status.Code.CANCELLED);
          if (!write(record, code) && code == Status.Code.CANCELLED) {
            // The line was written when the server closed the call, but the stream was reset
            // before the status was sent: the client never got that answer. (A stream the
            // transport ended for the client's mistake got our status before the reset.)
            writeUndelivered(record);
          }
          lines.callEnded();
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          write(record, outcome.code(Status.Code.OK));
          // After the status was sent: the line is written now if no other call is in flight.
          lines.callEnded();
        }
      }
    };
  }

  @Override
  public void decoded(ExecutionRequest request) {
    CallRecord record = RECORD.get();
    if (record == null) {
      return;
    }
    record.decoded(request.manifest().metadata().name(), request.manifest().nodes().size());
  }

  @Override
  public void executed(ExecutionRequest request, ExecutionResult result) {
    CallRecord record = RECORD.get();
    if (record != null) {
      record.executed(result.metrics().wallMs(), result.metrics().nodes());
    }
  }

  @Override
  public void failed(ErrorKind kind) {
    CallRecord record = RECORD.get();
    if (record != null) {
      record.failed(kind);
    }
  }

  /**
   * Writes, on the calling thread, the access lines of the process's calls that have ended and
   * wait to be written (they are written on a thread of their own, in batches): the server
   * calls it when it has stopped, before its last lines.
   */
  public static void flushWaitingLines() {
    AccessLineQueue.shared().flush();
  }

  /** Queues the call's access line unless it has one; returns whether it queued it. */
  private static boolean write(CallRecord record, Status.Code code) {
    if (!record.close()) {
      return false;
    }
    AccessLine line = AccessLine.of(record, code);
    AccessLineQueue.shared().add(() -> logWithRequestId(record, () -> log.info(line.message())));
    return true;
  }

  private static void writeUndelivered(CallRecord record) {
    // Queued behind the call's access line, which it refers to.
    AccessLineQueue.shared().add(() -> {
      StructuredMessage line = StructuredMessage.of("rpc.undelivered", record.method
              + " was answered, but the stream was reset before the answer was sent: the"
              + " client did not get it (its access line above shows the answer)")
          .with("client", record.client)
          .with("method", record.method);
      logWithRequestId(record, () -> log.warn(line));
    });
  }

  private static void logWithRequestId(CallRecord record, Runnable logging) {
    // The line carries the call's id, though it is written on the access log's own thread.
    RequestId.runWith(record.requestId, logging);
  }
}
