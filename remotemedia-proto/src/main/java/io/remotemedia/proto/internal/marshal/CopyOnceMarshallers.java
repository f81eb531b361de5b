package io.remotemedia.proto.internal.marshal;

import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * A unary method's descriptor with marshallers that copy audio once each way instead of
 * twice: the request is a {@link PcmMessage}, its PCM written from the floats into grpc-java's
 * output, and the response is parsed with aliasing ({@link AliasingParser}) as views of the
 * transport's buffers and mapped (its PCM decoded into floats) before grpc-java takes them
 * back, so that it is never read into an array first. Responses are never detached from the
 * transport's buffers here: nothing would be sure to release them on every path of a client
 * call; the mapping runs inside the parse instead. Used by the client SDK for ExecutePipeline.
 *
 * <pre>{@code
 * MethodDescriptor<PcmMessage<ExecuteRequest>, ExecutionResult> execute =
 *     CopyOnceMarshallers.decoding(PipelineServiceGrpc.getExecutePipelineMethod(),
 *         response -> ExecutionWire.fromProto(response, manifest));
 * }</pre>
 */
public final class CopyOnceMarshallers {
  /** How deep responses may nest, in message levels: protobuf-java's default. */
  private static final int RECURSION_LIMIT = 100;

  private CopyOnceMarshallers() {}

  /**
   * {@return the method with a {@link PcmMessage} request and responses mapped by {@code
   * decode} as they are parsed}
   *
   * @param method the generated method descriptor; its marshallers must be protobuf's
   * @param decode maps a response while its {@code bytes} fields are views of the transport's
   *     buffers: it must copy what it keeps of them (decoding PCM into floats does) and must not
   *     keep the message; it runs where grpc-java parses the response (for a blocking call, on
   *     the waiting thread), so a failure it should report is best returned, not thrown
   * @param <Q> the request message type
   * @param <R> the response message type
   * @param <T> what a response is mapped to
   * @throws IllegalArgumentException if a marshaller is not protobuf's
   */
  public static <Q extends MessageLite, R, T> MethodDescriptor<PcmMessage<Q>, T> decoding(
      MethodDescriptor<Q, R> method, Function<? super R, ? extends T> decode) {
    if (!(method.getRequestMarshaller() instanceof PrototypeMarshaller<Q> requests)
        || !(method.getResponseMarshaller() instanceof PrototypeMarshaller<R> responses)
        || !(responses.getMessagePrototype() instanceof MessageLite responsePrototype)) {
      throw new IllegalArgumentException(method.getFullMethodName()
          + " does not use protobuf's marshallers");
    }
    return method.toBuilder(new Requests<>(requests), new DecodedResponses<R, T>(
        AliasingParser.of(responsePrototype, responses.getMessageClass(), RECURSION_LIMIT),
        decode)).build();
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

  /** Parses responses as views of the transport's buffers and maps them there. */
  private static final class DecodedResponses<R, T> implements Marshaller<T> {
    private final AliasingParser<R> parser;
    private final Function<? super R, ? extends T> decode;

    DecodedResponses(AliasingParser<R> parser, Function<? super R, ? extends T> decode) {
      this.parser = parser;
      this.decode = decode;
    }

    /** Never called: a client only parses responses. */
    @Override
    public InputStream stream(T value) {
      throw new UnsupportedOperationException("a decoded response is parsed, never written");
    }

    @Override
    public T parse(InputStream stream) {
      try {
        return parser.parseInPlace(stream, decode);
      } catch (IOException e) {
        // As grpc-java's protobuf marshaller answers bytes that are not a message.
        throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e)
            .asRuntimeException();
      }
    }
  }
}
