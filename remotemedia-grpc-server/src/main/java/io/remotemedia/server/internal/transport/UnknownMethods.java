package io.remotemedia.server.internal.transport;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Answers a call of a method no service of the server has, with UNIMPLEMENTED and a message
 * that names the method as client text is named, bounded ({@link BoundedText}). Registered as
 * the server's fallback registry, which grpc asks only for a path no service has, so every
 * interceptor sees the call: it is authenticated, counted and written to the access log like
 * any other, under the one method name {@value #METHOD_NAME}, so that the paths clients make
 * up add no metric series. grpc-java's own answer ("Method not found: " and the whole path, up
 * to the 8 KiB header limit) went out before any interceptor: no access line, no metric.
 * Thread-safe.
 */
public final class UnknownMethods extends HandlerRegistry {
  /** The bare method name unknown methods are counted and logged under. */
  public static final String METHOD_NAME = "UnknownMethod";
  private static final MethodDescriptor<InputStream, InputStream> UNKNOWN =
      MethodDescriptor.<InputStream, InputStream>newBuilder()
          .setType(MethodDescriptor.MethodType.UNKNOWN)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("remotemedia.unknown",
              METHOD_NAME))
          .setRequestMarshaller(Unread.MARSHALLER)
          .setResponseMarshaller(Unread.MARSHALLER)
          .build();

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    return ServerMethodDefinition.create(UNKNOWN, new Refusal(methodName));
  }

  /** Closes the call at once, naming the method the client asked for. */
  private static final class Refusal implements ServerCallHandler<InputStream, InputStream> {
    private final String methodName;

    Refusal(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public ServerCall.Listener<InputStream> startCall(ServerCall<InputStream, InputStream> call,
        Metadata headers) {
      call.close(Status.UNIMPLEMENTED.withDescription(BoundedText.of("unknown method \""
          + methodName + "\"; this server serves remotemedia.v1.PipelineService,"
          + " grpc.health.v1.Health and server reflection")), new Metadata());
      return new ServerCall.Listener<>() {};
    }
  }

  /** The bytes of a call that is refused before any are read: none is parsed or sent. */
  private static final class Unread implements MethodDescriptor.Marshaller<InputStream> {
    static final Unread MARSHALLER = new Unread();

    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }
}
