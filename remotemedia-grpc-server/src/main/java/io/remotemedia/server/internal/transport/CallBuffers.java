package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.remotemedia.proto.internal.marshal.NetworkBuffers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transport buffers that a call's request messages alias ({@link NetworkBuffers}), held
 * until the call's HTTP/2 stream closes, when it discards them. A stream tracer is the one
 * party grpc-java tells about the end of every stream, whatever ended it: a response, an error,
 * a cancellation, a deadline, a disconnect, or an interceptor (authentication, quotas) that
 * refused the call without letting its messages reach the service. It puts itself in the
 * call's {@link Context}, in which grpc-java also parses the call's messages, so that {@link
 * AliasingMarshaller} finds it and lets a message alias the network's buffers only when it is
 * there to release them.
 *
 * <pre>{@code
 * builder.addStreamTracerFactory(CallBuffers.factory());
 * // in the handler, before the work leaves the call's thread:
 * NetworkBuffers buffers = CallBuffers.current().map(CallBuffers::latest)
 *     .orElse(NetworkBuffers.NONE);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class CallBuffers extends ServerStreamTracer {
  private static final Context.Key<CallBuffers> KEY = Context.key("remotemedia-call-buffers");

  // Guarded by this.
  private final List<NetworkBuffers> held = new ArrayList<>(1);
  private boolean closed;

  private CallBuffers() {}

  /** {@return the factory to add to the server builder} */
  public static ServerStreamTracer.Factory factory() {
    return new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new CallBuffers();
      }
    };
  }

  /** {@return the buffers of the call whose {@link Context} is current, if it is traced} */
  public static Optional<CallBuffers> current() {
    return Optional.ofNullable(KEY.get());
  }

  @Override
  public Context filterContext(Context context) {
    return context.withValue(KEY, this);
  }

  /**
   * Holds a message's buffers until the stream closes; discards them at once if it has.
   *
   * @param buffers the lease of a message just parsed
   */
  void hold(NetworkBuffers buffers) {
    synchronized (this) {
      if (!closed) {
        held.add(buffers);
        return;
      }
    }
    buffers.discard();
  }

  /** {@return the buffers of the call's latest message, or NONE if it holds none} */
  public synchronized NetworkBuffers latest() {
    return held.isEmpty() ? NetworkBuffers.NONE : held.get(held.size() - 1);
  }

  @Override
  public void streamClosed(Status status) {
    List<NetworkBuffers> toDiscard;
    synchronized (this) {
      closed = true;
      toDiscard = List.copyOf(held);
    }
    // A buffer a worker has claimed is released by that worker once it has decoded it.
    toDiscard.forEach(NetworkBuffers::discard);
  }
}
