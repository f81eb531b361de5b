package io.remotemedia.server.internal.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.internal.marshal.AliasingParser;
import io.remotemedia.proto.internal.marshal.NetworkBuffers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses request messages so that their {@code bytes} fields share the message's buffer
 * instead of being copied out of it, and so that bytes which are not a message are answered
 * with INVALID_ARGUMENT instead of grpc-java's UNKNOWN.
 *
 * <p>grpc-java's protobuf marshaller reads a message into a buffer and then copies every
 * {@code bytes} field out of that buffer into a new {@code ByteString}. For our audio messages
 * that is a second copy (and allocation) of all the samples on the event loop: 176 KB for a
 * second of 44.1 kHz mono float audio. This marshaller parses with aliasing on ({@link
 * AliasingParser}), so the audio's {@code ByteString} is a view of the bytes received. For a
 * unary call traced by {@link CallBuffers} those are Netty's own buffers, detached from
 * grpc-java: no heap copy of the request at all. Their lease goes to the call's {@link
 * CallBuffers}, which discards it when the stream closes, and the service claims it while it
 * decodes the audio. Other messages (stream messages, whose buffers would otherwise be held
 * for the whole stream; untraced calls; the in-process transport) are read once into an array
 * of their own that the view shares. Serialization is grpc-java's own.
 *
 * <p>It never throws: a marshaller that throws makes grpc-java close the call with UNKNOWN
 * behind every interceptor's back and log a stack trace. It returns a {@link ParsedRequest}
 * that holds the message or the problem, and {@link BadRequestCallHandler} closes the call
 * with the problem as any other failure is closed.
 *
 * <pre>{@code
 * serverBuilder.addService(AliasingMarshaller.forRequestsOf(service.bindService(), maxBytes));
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the message type
 */
public final class AliasingMarshaller<T> implements Marshaller<ParsedRequest<T>> {
  /**
   * How deep messages may nest, in message levels: protobuf-java's default, set here so that
   * the limit an error names is ours. A Struct param takes three levels per level of nesting.
   */
  public static final int RECURSION_LIMIT = 100;
  /** The name of {@link #RECURSION_LIMIT} in an error's limit violation. */
  public static final String RECURSION_LIMIT_NAME = "message_nesting_depth";
  /** The name of the message size limit in an error's limit violation. */
  public static final String SIZE_LIMIT_NAME = "max_inbound_message_bytes";

  private final PrototypeMarshaller<T> standard;
  private final AliasingParser<T> parser;
  private final String typeName;
  private final int maxMessageBytes;
  private final boolean detach;

  private AliasingMarshaller(PrototypeMarshaller<T> standard, MessageLite prototype,
      int maxMessageBytes, boolean detach) {
    this.standard = standard;
    this.parser = AliasingParser.of(prototype, standard.getMessageClass(), RECURSION_LIMIT);
    this.typeName = standard.getMessageClass().getSimpleName();
    this.maxMessageBytes = maxMessageBytes;
    this.detach = detach;
  }

  /**
   * {@return the service with every protobuf request marshaller replaced by an aliasing one and
   * every handler wrapped so that it answers unparseable messages; responses can be sent with
   * their PCM written straight from floats ({@link PcmResponseMarshaller}), others are
   * serialized by grpc-java's marshallers; schema descriptors (for reflection) stay as they
   * were}
   *
   * @param service the service as generated code binds it
   * @param maxMessageBytes the server's inbound message limit, named when a compressed message
   *     inflates past it
   */
  public static ServerServiceDefinition forRequestsOf(ServerServiceDefinition service,
      int maxMessageBytes) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> aliased = aliasRequests(method, maxMessageBytes);
      descriptor.addMethod(aliased.getMethodDescriptor());
      methods.add(aliased);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<?, R> aliasRequests(
      ServerMethodDefinition<Q, R> method, int maxMessageBytes) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    if (!(descriptor.getRequestMarshaller() instanceof PrototypeMarshaller<Q> standard)
        || !(standard.getMessagePrototype() instanceof MessageLite prototype)) {
      return method;
    }
    MethodDescriptor<ParsedRequest<Q>, R> aliased = descriptor.toBuilder(
        new AliasingMarshaller<>(standard, prototype, maxMessageBytes,
            /* detach= */ descriptor.getType() == MethodDescriptor.MethodType.UNARY),
        new PcmResponseMarshaller<>(descriptor.getResponseMarshaller())).build();
    return ServerMethodDefinition.create(aliased,
        new BadRequestCallHandler<>(descriptor, method.getServerCallHandler()));
  }

  /** {@return the message type this marshaller parses} */
  public Class<T> getMessageClass() {
    return standard.getMessageClass();
  }

  @Override
  public InputStream stream(ParsedRequest<T> value) {
    return standard.stream(value.message());
  }

  @Override
  public ParsedRequest<T> parse(InputStream stream) {
    try {
      // Only a traced call's buffers are certain to be released, whatever ends the call.
      CallBuffers call = detach ? CallBuffers.current().orElse(null) : null;
      AliasingParser.Parsed<T> parsed = parser.parse(stream, call != null);
      if (parsed.buffers() != NetworkBuffers.NONE) {
        call.hold(parsed.buffers());
      }
      return ParsedRequest.of(parsed.message());
    } catch (InvalidProtocolBufferException e) {
      return ParsedRequest.refused(unparseable(e));
    } catch (IOException e) {
      return ParsedRequest.refused(PipelineException.builder(ErrorKind.VALIDATION,
          "the " + typeName + " could not be read: " + e.getMessage()).cause(e).build());
    } catch (StatusRuntimeException e) {
      // grpc-java's stream of a compressed message throws this when it inflates past the limit.
      return ParsedRequest.refused(e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
          ? tooLarge(e) : PipelineException.builder(ErrorKind.VALIDATION, "the " + typeName
              + " could not be decompressed: " + e.getStatus().getDescription()).cause(e).build());
    }
  }

  private PipelineException unparseable(InvalidProtocolBufferException e) {
    // protobuf names this failure only in its text; the test pins the text of this version.
    if (String.valueOf(e.getMessage()).contains("too many levels of nesting")) {
      return PipelineException.builder(ErrorKind.VALIDATION, "the " + typeName + " nests"
              + " messages deeper than the limit of " + RECURSION_LIMIT + " levels (a Struct"
              + " param takes 3 levels per level of nesting, a list value 2)")
          .limit(new LimitViolation(RECURSION_LIMIT_NAME, RECURSION_LIMIT, RECURSION_LIMIT + 1))
          .cause(e)
          .build();
    }
    return PipelineException.builder(ErrorKind.VALIDATION,
        "the " + typeName + " is not a valid protobuf message: " + e.getMessage())
        .cause(e)
        .build();
  }

  private PipelineException tooLarge(StatusRuntimeException e) {
    return PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the " + typeName
            + " inflates past the limit of " + maxMessageBytes + " bytes ("
            + SIZE_LIMIT_NAME + ") when decompressed")
        // The stream stops reading at the limit, so the actual size is known only to pass it.
        .limit(new LimitViolation(SIZE_LIMIT_NAME, maxMessageBytes, maxMessageBytes + 1L))
        .cause(e)
        .build();
  }
}
