package io.remotemedia.server.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses request messages so that their {@code bytes} fields share the message's buffer
 * instead of being copied out of it.
 *
 * <p>grpc-java's protobuf marshaller reads a message into a buffer and then copies every
 * {@code bytes} field out of that buffer into a new {@code ByteString}. For our audio messages
 * that is a second copy (and allocation) of all the samples on the event loop: 176 KB for a
 * second of 44.1 kHz mono float audio. This marshaller reads the message once into an array of
 * its own and parses it with aliasing on, so the audio's {@code ByteString} is a view of that
 * array. The array is never written after parsing and nothing else holds it, so the view is as
 * immutable as a copy. Serialization is grpc-java's own.
 *
 * <pre>{@code
 * serverBuilder.addService(AliasingMarshaller.forRequestsOf(service.bindService()));
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the message type
 */
public final class AliasingMarshaller<T> implements PrototypeMarshaller<T> {
  private final PrototypeMarshaller<T> standard;
  private final MessageLite prototype;

  private AliasingMarshaller(PrototypeMarshaller<T> standard, MessageLite prototype) {
    this.standard = standard;
    this.prototype = prototype;
  }

  /**
   * Returns the service with every protobuf request marshaller replaced by an aliasing one; the
   * handlers, response marshallers and schema descriptors (for reflection) stay as they were.
   */
  public static ServerServiceDefinition forRequestsOf(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> aliased = aliasRequests(method);
      descriptor.addMethod(aliased.getMethodDescriptor());
      methods.add(aliased);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<Q, R> aliasRequests(
      ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    if (!(descriptor.getRequestMarshaller() instanceof PrototypeMarshaller<Q> standard)
        || !(standard.getMessagePrototype() instanceof MessageLite prototype)) {
      return method;
    }
    MethodDescriptor<Q, R> aliased = descriptor.toBuilder(
        new AliasingMarshaller<>(standard, prototype), descriptor.getResponseMarshaller())
        .build();
    return ServerMethodDefinition.create(aliased, method.getServerCallHandler());
  }

  @Override
  public T getMessagePrototype() {
    return standard.getMessagePrototype();
  }

  @Override
  public Class<T> getMessageClass() {
    return standard.getMessageClass();
  }

  @Override
  public InputStream stream(T value) {
    return standard.stream(value);
  }

  @Override
  public T parse(InputStream stream) {
    try {
      byte[] bytes = stream instanceof KnownLength ? readKnownLength(stream)
          : stream.readAllBytes();
      CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      input.enableAliasing(true);
      MessageLite message = prototype.getParserForType().parseFrom(input);
      // As grpc-java's marshaller: a stray end-group tag must not pass for the end.
      input.checkLastTagWas(0);
      return getMessageClass().cast(message);
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e)
          .asRuntimeException();
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("Could not read the message").withCause(e)
          .asRuntimeException();
    }
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
