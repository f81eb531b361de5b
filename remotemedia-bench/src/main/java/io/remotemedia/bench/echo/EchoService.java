package io.remotemedia.bench.echo;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A unary and a bidirectional-streaming echo over raw bytes, with no protobuf. It does the least
 * a gRPC service can do with the payload sizes of a pipeline call or of a stream's chunks, so it
 * is the floor the transport sets.
 *
 * <p>Unary ({@link #METHOD}): the request is a 4-byte big-endian response size followed by any
 * payload, and the answer is that many zero bytes. Streaming ({@link #STREAM_METHOD}): each
 * message is a 4-byte big-endian reply size, an 8-byte big-endian sequence number and any
 * payload; each is answered at once, in order, by one message of that size (at least 8 bytes)
 * that starts with the same sequence number, the rest zeros. The stream ends when the client
 * half-closes it. Handlers run on grpc-java's default executor with automatic flow control.
 *
 * <pre>{@code
 * Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
 *     .addService(EchoService.definition()).build().start();
 * }</pre>
 */
public final class EchoService {
  /** The one method, {@code remotemedia.bench.Echo/Echo}. */
  public static final MethodDescriptor<byte[], byte[]> METHOD =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(
              "remotemedia.bench.Echo", "Echo"))
          .setRequestMarshaller(BytesMarshaller.INSTANCE)
          .setResponseMarshaller(BytesMarshaller.INSTANCE)
          .build();

  /** The streaming method, {@code remotemedia.bench.Echo/EchoStream}. */
  public static final MethodDescriptor<byte[], byte[]> STREAM_METHOD =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(
              "remotemedia.bench.Echo", "EchoStream"))
          .setRequestMarshaller(BytesMarshaller.INSTANCE)
          .setResponseMarshaller(BytesMarshaller.INSTANCE)
          .build();

  private static final int STREAM_HEADER_BYTES = Integer.BYTES + Long.BYTES;

  private EchoService() {}

  /** {@return the service definition to add to a server} */
  public static ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder("remotemedia.bench.Echo")
        .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(new byte[responseBytes(request)]);
          response.onCompleted();
        }))
        .addMethod(STREAM_METHOD, ServerCalls.asyncBidiStreamingCall(EchoService::echoStream))
        .build();
  }

  private static StreamObserver<byte[]> echoStream(StreamObserver<byte[]> replies) {
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] message) {
        replies.onNext(streamReply(message));
      }

      @Override
      public void onError(Throwable cancelled) {
        // The client cancelled the call; there is nothing to release.
      }

      @Override
      public void onCompleted() {
        replies.onCompleted();
      }
    };
  }

  /**
   * Builds a stream message of {@code messageBytes} (at least 12) carrying {@code sequence} and
   * asking for a reply of {@code replyBytes}.
   *
   * @param messageBytes the message size, in bytes; raised to 12 if smaller
   * @param replyBytes the size of the reply to ask for, in bytes
   * @param sequence the number the reply carries back
   * @return the message
   */
  public static byte[] streamMessage(int messageBytes, int replyBytes, long sequence) {
    byte[] message = new byte[Math.max(STREAM_HEADER_BYTES, messageBytes)];
    ByteBuffer.wrap(message).putInt(replyBytes).putLong(sequence);
    return message;
  }

  /**
   * {@return the sequence number a stream reply carries}
   *
   * @param reply a stream reply
   */
  public static long sequenceOf(byte[] reply) {
    return ByteBuffer.wrap(reply).getLong();
  }

  private static byte[] streamReply(byte[] message) {
    if (message.length < STREAM_HEADER_BYTES) {
      return new byte[Long.BYTES];
    }
    ByteBuffer in = ByteBuffer.wrap(message);
    byte[] reply = new byte[Math.max(Long.BYTES, in.getInt())];
    ByteBuffer.wrap(reply).putLong(in.getLong());
    return reply;
  }

  /**
   * Builds a request of {@code requestBytes} (at least 4) asking for {@code responseBytes}.
   *
   * @param requestBytes the request size, in bytes; raised to 4 if smaller
   * @param responseBytes the size of the response to ask for, in bytes
   * @return the request
   */
  public static byte[] request(int requestBytes, int responseBytes) {
    byte[] request = new byte[Math.max(Integer.BYTES, requestBytes)];
    ByteBuffer.wrap(request).putInt(responseBytes);
    return request;
  }

  private static int responseBytes(byte[] request) {
    return request.length < Integer.BYTES ? 0 : Math.max(0, ByteBuffer.wrap(request).getInt());
  }

  /** Passes byte arrays through unchanged. */
  private enum BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the echo message", e);
      }
    }
  }
}
