package io.remotemedia.proto.internal.marshal;

import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * A unary method's descriptor with marshallers that copy audio once instead of twice: the
 * request is a {@link PcmMessage}, its PCM written from the floats into grpc-java's output,
 * and the response is parsed with aliasing ({@link AliasingParser}) from one read of the
 * message, so that its {@code bytes} fields are views of that read, not copies. Responses are
 * never detached from the transport's buffers here: nothing would be sure to release them on
 * every path of a client call. Used by the client SDK for ExecutePipeline.
 *
 * <pre>{@code
 * MethodDescriptor<PcmMessage<ExecuteRequest>, ExecuteResponse> execute =
 *     CopyOnceMarshallers.of(PipelineServiceGrpc.getExecutePipelineMethod());
 * }</pre>
 */
public final class CopyOnceMarshallers {
  /** How deep responses may nest, in message levels: protobuf-java's default. */
  private static final int RECURSION_LIMIT = 100;

  private CopyOnceMarshallers() {}

  /**
   * {@return the method with a {@link PcmMessage} request and an aliasing response parser}
   *
   * @param method the generated method descriptor; its marshallers must be protobuf's
   * @param <Q> the request message type
   * @param <R> the response message type
   * @throws IllegalArgumentException if a marshaller is not protobuf's
   */
  public static <Q extends MessageLite, R> MethodDescriptor<PcmMessage<Q>, R> of(
      MethodDescriptor<Q, R> method) {
    if (!(method.getRequestMarshaller() instanceof PrototypeMarshaller<Q> requests)
        || !(method.getResponseMarshaller() instanceof PrototypeMarshaller<R> responses)
        || !(responses.getMessagePrototype() instanceof MessageLite responsePrototype)) {
      throw new IllegalArgumentException(method.getFullMethodName()
          + " does not use protobuf's marshallers");
    }
    return method.toBuilder(new Requests<>(requests),
        new Responses<>(responses, AliasingParser.of(responsePrototype,
            responses.getMessageClass(), RECURSION_LIMIT))).build();
  }

  /** Writes requests from their {@link PcmMessage}; parses them (a server's view) whole. */
  private static final class Requests<Q extends MessageLite>
      implements Marshaller<PcmMessage<Q>> {
    private final Marshaller<Q> standard;

    Requests(Marshaller<Q> standard) {
      this.standard = standard;
    }

    @Override
    public InputStream stream(PcmMessage<Q> value) {
      return value.stream();
    }

    @Override
    public PcmMessage<Q> parse(InputStream stream) {
      return PcmMessage.whole(standard.parse(stream));
    }
  }

  /** Parses responses with aliasing from one heap copy; serializes them as protobuf does. */
  private static final class Responses<R> implements Marshaller<R> {
    private final Marshaller<R> standard;
    private final AliasingParser<R> parser;

    Responses(Marshaller<R> standard, AliasingParser<R> parser) {
      this.standard = standard;
      this.parser = parser;
    }

    @Override
    public InputStream stream(R value) {
      return standard.stream(value);
    }

    @Override
    public R parse(InputStream stream) {
      try {
        return parser.parse(stream, /* detach= */ false).message();
      } catch (IOException e) {
        // As grpc-java's protobuf marshaller answers bytes that are not a message.
        throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e)
            .asRuntimeException();
      }
    }
  }
}
