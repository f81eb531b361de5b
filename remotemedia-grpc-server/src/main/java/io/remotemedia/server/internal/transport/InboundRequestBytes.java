package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.remotemedia.proto.PipelineServiceGrpc;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of one unary PipelineService request read so far, as grpc-java's deframer reads
 * them, before the message is whole. They count in the server's {@link RequestBytesInTransit}
 * until {@link #releaseCurrent()} is called once the request has been decoded, or until the
 * call ends. A part that finds no room gets the call refused with BUSY, if it still waits for
 * its request ({@link CallArrival}). The sweep of late requests reads {@link #arrived()} to
 * tell a slow request from one that stopped coming.
 *
 * <p>{@link #factory} makes one for each unary call; it puts itself in the call's {@link
 * Context}, where the interceptor and the decoding find it. Thread-safe.
 */
final class InboundRequestBytes extends ServerStreamTracer {
  private static final Context.Key<InboundRequestBytes> KEY =
      Context.key("remotemedia-inbound-bytes");
  /** What streams whose bytes no sweep reads get: it counts nothing. */
  private static final ServerStreamTracer UNCOUNTED = new ServerStreamTracer() { };

  private final AtomicLong bytes = new AtomicLong();
  private final RequestBytesInTransit inTransit;
  private final RequestBytesHold held;
  /** The call's wait, once the interceptor has seen the call (before any of its bytes). */
  private volatile CallArrival<?, ?> arrival;

  private InboundRequestBytes(RequestBytesInTransit inTransit) {
    this.inTransit = inTransit;
    this.held = new RequestBytesHold(inTransit);
  }

  /**
   * {@return the tracer factory that counts the bytes of each unary PipelineService request in
   * {@code inTransit}} Other calls, streams among them, get a tracer that counts nothing.
   */
  static ServerStreamTracer.Factory factory(RequestBytesInTransit inTransit) {
    String service = PipelineServiceGrpc.SERVICE_NAME + "/";
    String stream = PipelineServiceGrpc.getStreamPipelineMethod().getFullMethodName();
    return new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return fullMethodName.startsWith(service) && !fullMethodName.equals(stream)
            ? new InboundRequestBytes(inTransit) : UNCOUNTED;
      }
    };
  }

  /** {@return the current call's count, or null when its stream is not traced} */
  static InboundRequestBytes current() {
    return KEY.get();
  }

  /**
   * Gives back the current call's request bytes counted in transit: call it once the request
   * has been decoded and the transport's buffers released. Until then, or until the call ends,
   * a whole request's bytes still count, since they are still held.
   */
  static void releaseCurrent() {
    InboundRequestBytes inbound = KEY.get();
    if (inbound != null) {
      inbound.release();
    }
  }

  /** Refuses the call through {@code arrival} if a part of its request finds no room. */
  void watch(CallArrival<?, ?> arrival) {
    this.arrival = arrival;
  }

  /** {@return the bytes of the request read so far} */
  long arrived() {
    return bytes.get();
  }

  /** Gives back the bytes counted in transit; later bytes are not counted. */
  void release() {
    held.close();
  }

  @Override
  public Context filterContext(Context context) {
    return context.withValue(KEY, this);
  }

  @Override
  public void inboundWireSize(long read) {
    long arrived = bytes.addAndGet(read);
    CallArrival<?, ?> waiting = arrival;
    if (!held.add(read) && waiting != null && waiting.leave(CallArrival.REFUSED)) {
      // Runs where grpc reads the request.
      waiting.refuse(inTransit.refusal(arrived));
    }
  }

  @Override
  public void streamClosed(Status status) {
    held.close();
  }
}
