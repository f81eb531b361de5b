package io.remotemedia.server.internal.transport;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;

/**
 * Runs a method's own handler, and answers the client mistakes that grpc-java would answer
 * out of sight of the interceptors: a message that could not be parsed (grpc-java: UNKNOWN),
 * bytes the transport refused before they became a message (over the size limit, bad
 * framing, a second message where the method takes one; grpc-java: a bare RESOURCE_EXHAUSTED
 * or INTERNAL; see {@link TransportFailures}), and a request of a method that takes one
 * message (a unary call, a server stream) ended with none (grpc-java: INTERNAL "Half-closed
 * without a request", which counted as the server's own failure: a client set off the
 * server-error alert with a HEADERS frame with END_STREAM). It closes the call itself, with
 * the problem's status and {@code ErrorDetail}, through {@link ServerCall#close}, so that
 * every interceptor (metrics, access log) sees the call end with that status.
 *
 * <p>Once the call is refused, the method's handler is told the call was cancelled (so that a
 * stream frees its pipeline) and whatever it still sends is dropped: the call it holds is a
 * {@link GuardedCall}. Thread-safe: grpc serializes the listener's callbacks.
 *
 * @param <Q> the request message type
 * @param <R> the response message type
 */
final class BadRequestCallHandler<Q, R> implements ServerCallHandler<ParsedRequest<Q>, R> {
  private final MethodDescriptor<Q, R> method;
  private final ServerCallHandler<Q, R> next;

  BadRequestCallHandler(MethodDescriptor<Q, R> method, ServerCallHandler<Q, R> next) {
    this.method = method;
    this.next = next;
  }

  @Override
  public ServerCall.Listener<ParsedRequest<Q>> startCall(ServerCall<ParsedRequest<Q>, R> call,
      Metadata headers) {
    GuardedCall<Q, R> guarded = new GuardedCall<>(call, method);
    StreamOutcome outcome = StreamOutcome.current();
    ServerCall.Listener<Q> handler = next.startCall(guarded, headers);
    boolean oneMessage = method.getType().clientSendsOneMessage();
    return new ServerCall.Listener<>() {
      // Whether the handler has heard the end of the call; only the listener reads it.
      private boolean ended;
      private boolean received;

      @Override
      public void onMessage(ParsedRequest<Q> parsed) {
        if (ended) {
          return;
        }
        if (parsed.problem() != null) {
          refuse(parsed.problem());
        } else {
          // A second message never comes here: grpc's call refuses it (TransportFailures).
          received = true;
          handler.onMessage(parsed.message());
        }
      }

      @Override
      public void onHalfClose() {
        if (ended) {
          return;
        }
        if (oneMessage && !received) {
          refuse(PipelineException.builder(ErrorKind.VALIDATION, method.getBareMethodName()
              + " takes exactly one request message; the client sent none").build());
        } else {
          handler.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        if (ended) {
          return;
        }
        // The transport closed the stream first; when that was the client's mistake, the
        // client still reads the status written here (it goes out before grpc's reset).
        outcome.status().flatMap(TransportFailures::explain).ifPresent(problem ->
            guarded.refuse(StatusMapper.toStatusException(problem)));
        end();
      }

      @Override
      public void onComplete() {
        if (!ended) {
          ended = true;
          handler.onComplete();
        }
      }

      @Override
      public void onReady() {
        if (!ended) {
          handler.onReady();
        }
      }

      private void refuse(PipelineException problem) {
        guarded.refuse(StatusMapper.toStatusException(problem));
        end();
      }

      /** The handler may hold resources (a stream's pipeline): it ends as a cancelled call. */
      private void end() {
        ended = true;
        handler.onCancel();
      }
    };
  }

  /**
   * The call as the method's handler sees it: typed by the plain message, and closed to the
   * handler once this class has refused it. Its methods are serialized on one lock, because a
   * refusal on the transport thread may meet a stream's worker sending a result.
   */
  static final class GuardedCall<Q, R> extends ServerCall<Q, R> {
    private final ServerCall<ParsedRequest<Q>, R> call;
    private final MethodDescriptor<Q, R> method;
    // Guarded by this.
    private boolean closed;
    private boolean refused;

    GuardedCall(ServerCall<ParsedRequest<Q>, R> call, MethodDescriptor<Q, R> method) {
      this.call = call;
      this.method = method;
    }

    /** Closes the call with {@code error} unless it is closed already. */
    synchronized void refuse(StatusRuntimeException error) {
      refused = true;
      if (!closed) {
        closed = true;
        Metadata trailers = error.getTrailers();
        call.close(error.getStatus(), trailers == null ? new Metadata() : trailers);
      }
    }

    @Override
    public synchronized void request(int numMessages) {
      if (!closed) {
        call.request(numMessages);
      }
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        call.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        call.sendMessage(message);
      }
    }

    @Override
    public synchronized boolean isReady() {
      return !closed && call.isReady();
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        call.close(status, trailers);
      }
    }

    @Override
    public synchronized boolean isCancelled() {
      return refused || call.isCancelled();
    }

    @Override
    public synchronized void setMessageCompression(boolean enabled) {
      call.setMessageCompression(enabled);
    }

    @Override
    public synchronized void setCompression(String compressor) {
      call.setCompression(compressor);
    }

    @Override
    public synchronized void setOnReadyThreshold(int numBytes) {
      call.setOnReadyThreshold(numBytes);
    }

    @Override
    public Attributes getAttributes() {
      return call.getAttributes();
    }

    @Override
    public String getAuthority() {
      return call.getAuthority();
    }

    @Override
    public SecurityLevel getSecurityLevel() {
      return call.getSecurityLevel();
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return method;
    }
  }
}
