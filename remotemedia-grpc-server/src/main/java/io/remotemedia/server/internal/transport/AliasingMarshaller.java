package io.remotemedia.server.internal.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
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
 * second of 44.1 kHz mono float audio. This marshaller reads the message once into an array of
 * its own and parses it with aliasing on, so the audio's {@code ByteString} is a view of that
 * array. The array is never written after parsing and nothing else holds it, so the view is as
 * immutable as a copy. Serialization is grpc-java's own.
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
  private final MessageLite prototype;
  private final String typeName;
  private final int maxMessageBytes;

  private AliasingMarshaller(PrototypeMarshaller<T> standard, MessageLite prototype,
      int maxMessageBytes) {
    this.standard = standard;
    this.prototype = prototype;
    this.typeName = standard.getMessageClass().getSimpleName();
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * {@return the service with every protobuf request marshaller replaced by an aliasing one and
   * every handler wrapped so that it answers unparseable messages; the response marshallers
   * and schema descriptors (for reflection) stay as they were}
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
        new AliasingMarshaller<>(standard, prototype, maxMessageBytes),
        descriptor.getResponseMarshaller()).build();
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
      byte[] bytes = stream instanceof KnownLength ? readKnownLength(stream)
          : stream.readAllBytes();
      CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      input.enableAliasing(true);
      input.setRecursionLimit(RECURSION_LIMIT);
      MessageLite message = prototype.getParserForType().parseFrom(input);
      // As grpc-java's marshaller: a stray end-group tag must not pass for the end.
      input.checkLastTagWas(0);
      return ParsedRequest.of(getMessageClass().cast(message));
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

  /**
   * Reads a stream of known length straight into one array of that length (InputStream's
   * one-argument readNBytes would gather 8 KiB pieces first and copy them, doubling the bytes).
   */
  private static byte[] readKnownLength(InputStream stream) throws IOException {
    byte[] bytes = new byte[stream.available()];
    int read = stream.readNBytes(bytes, 0, bytes.length);
    if (read != bytes.length) {
      throw new IOException("the message ended after " + read + " of " + bytes.length
          + " bytes");
    }
    return bytes;
  }
}
