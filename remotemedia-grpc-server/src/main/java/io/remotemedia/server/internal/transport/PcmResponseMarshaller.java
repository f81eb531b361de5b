package io.remotemedia.server.internal.transport;

import com.google.protobuf.MessageLite;
import io.grpc.Context;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.internal.marshal.PcmMessage;
import java.io.InputStream;

/**
 * Serializes responses whose PCM audio is written straight from the floats into grpc-java's
 * output ({@link PcmMessage}), saving the byte array each response's samples were encoded into
 * and copied out of again. Any other response is serialized by grpc-java's own marshaller.
 *
 * <p>grpc-java serializes a message on the thread that sends it, inside {@code onNext}: {@link
 * #send} sends the message with its {@link PcmMessage} in the {@link Context}, and {@link
 * #stream} uses it for that very message (compared by identity).
 *
 * <pre>{@code
 * PcmResponseMarshaller.send(responseObserver, ExecutionWire.toPcmMessage(result, encodings));
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <R> the response type
 */
final class PcmResponseMarshaller<R> implements Marshaller<R> {
  private static final Context.Key<PcmMessage<?>> SENDING = Context.key("remotemedia-pcm");

  private final Marshaller<R> standard;

  PcmResponseMarshaller(Marshaller<R> standard) {
    this.standard = standard;
  }

  /**
   * Sends a response whose PCM is written when grpc-java serializes it.
   *
   * @param observer the call's response observer
   * @param message the response
   * @param <T> the response type
   */
  static <T extends MessageLite> void send(StreamObserver<T> observer, PcmMessage<T> message) {
    Context.current().withValue(SENDING, message).run(() -> observer.onNext(message.message()));
  }

  @Override
  public InputStream stream(R value) {
    PcmMessage<?> sending = SENDING.get();
    return sending != null && sending.message() == value ? sending.stream()
        : standard.stream(value);
  }

  @Override
  public R parse(InputStream stream) {
    return standard.parse(stream);
  }
}
