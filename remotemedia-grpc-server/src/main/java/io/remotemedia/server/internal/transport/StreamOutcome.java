package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import java.util.Optional;

/**
 * The status a call's HTTP/2 stream was closed with, as the transport saw it. Interceptors hear
 * only "cancelled" when grpc-java's transport ends a call itself (a message over the size
 * limit, a frame the deframer refuses); this tracer hears the real status first, and puts
 * itself in the call's {@link Context} so that they can read it.
 *
 * <pre>{@code
 * builder.addStreamTracerFactory(StreamOutcome.factory());
 * // in an interceptor, while the call starts:
 * StreamOutcome outcome = StreamOutcome.current();
 * // when the listener hears onCancel:
 * Status.Code code = outcome.code(Status.Code.CANCELLED);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class StreamOutcome extends ServerStreamTracer {
  private static final Context.Key<StreamOutcome> KEY = Context.key("remotemedia-stream-outcome");
  /** What {@link #current()} returns outside a traced call: it never learns a status. */
  private static final StreamOutcome UNTRACED = new StreamOutcome();

  private volatile Status status;

  private StreamOutcome() {}

  /** {@return the factory to add to the server builder} */
  public static ServerStreamTracer.Factory factory() {
    return new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new StreamOutcome();
      }
    };
  }

  /** {@return the outcome of the call whose {@link Context} is current} */
  public static StreamOutcome current() {
    StreamOutcome outcome = KEY.get();
    return outcome == null ? UNTRACED : outcome;
  }

  @Override
  public Context filterContext(Context context) {
    return context.withValue(KEY, this);
  }

  /**
   * Notes the status the stream closed with. grpc-netty closes a stream it reset for the
   * client's break of HTTP/2's rules (a WINDOW_UPDATE of 0 on it, say) with INTERNAL "http2
   * exception": that is the client's mistake, not the server's, so it is noted as
   * INVALID_ARGUMENT. Counted as INTERNAL, any client could set off the alert on server errors.
   */
  @Override
  public void streamClosed(Status closedWith) {
    status = ClientProtocolErrors.in(closedWith.getCause())
        .map(error -> Status.INVALID_ARGUMENT.withDescription("the client broke HTTP/2's"
            + " rules on the call's stream (" + ClientProtocolErrors.describe(error)
            + "); the server reset the stream"))
        .orElse(closedWith);
  }

  /** {@return the status the stream closed with, once it has} */
  public Optional<Status> status() {
    return Optional.ofNullable(status);
  }

  /**
   * {@return the code the stream closed with, or {@code unknown} if that is not known yet}
   *
   * @param unknown the code to return while the stream is open
   */
  public Status.Code code(Status.Code unknown) {
    Status closedWith = status;
    return closedWith == null ? unknown : closedWith.getCode();
  }
}
