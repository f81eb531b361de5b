package io.remotemedia.bench.codec;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the message bytes of every streaming call made through the channel it intercepts,
 * with one {@link MessageSizes} tracer per call attempt. Unary calls (the SDK's {@code
 * GetVersion}) are not counted.
 *
 * <pre>
 * WireCounter counter = new WireCounter();
 * ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
 *     .intercept(counter).build();
 * // ... stream through RemoteMediaClient.forChannel(channel) ...
 * MessageSizes sizes = counter.streams().get(0);
 * </pre>
 *
 * <p>Thread-safe.
 */
final class WireCounter implements ClientInterceptor {
  private final List<MessageSizes> streams = new CopyOnWriteArrayList<>();

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    if (method.getType() != MethodDescriptor.MethodType.BIDI_STREAMING) {
      return next.newCall(method, callOptions);
    }
    return next.newCall(method, callOptions.withStreamTracerFactory(
        new ClientStreamTracer.Factory() {
          @Override
          public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info,
              Metadata headers) {
            MessageSizes sizes = new MessageSizes();
            streams.add(sizes);
            return sizes;
          }
        }));
  }

  /** {@return the streams counted so far, oldest first} */
  List<MessageSizes> streams() {
    return List.copyOf(streams);
  }

  /** Forgets the streams counted so far. */
  void clear() {
    streams.clear();
  }
}
