package io.remotemedia.bench.echo;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A unary echo over raw bytes, with no protobuf: the request is a 4-byte big-endian response
 * size followed by any payload, and the answer is that many zero bytes. It does the least a
 * gRPC service can do with the payload sizes of a pipeline call, so it is the floor the
 * transport sets.
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

  private EchoService() {}

  /** Returns the service definition to add to a server. */
  public static ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder("remotemedia.bench.Echo")
        .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(new byte[responseBytes(request)]);
          response.onCompleted();
        }))
        .build();
  }

  /** Builds a request of {@code requestBytes} (at least 4) asking for {@code responseBytes}. */
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
