package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.Optional;

/**
 * Refuses a call whose {@code grpc-timeout} header is not a timeout ("abc", an empty value, more
 * than 8 digits, a sign) with INVALID_ARGUMENT naming the header and its value. grpc-java reads the
 * header while it creates the call, before any interceptor: a value it could not read made its
 * transport reset the stream with INTERNAL_ERROR, without a gRPC status, and log two stack
 * traces, for each such call. The stream tracer sees the headers first: it takes such a header
 * away, so that the call is created (without a deadline), and keeps its value in the call's
 * {@link Context}, where the interceptor finds it and refuses the call. Thread-safe.
 *
 * <pre>{@code
 * builder.addStreamTracerFactory(GrpcTimeoutHeader.tracerFactory())
 *     .intercept(GrpcTimeoutHeader.interceptor());
 * }</pre>
 */
public final class GrpcTimeoutHeader {
  private static final String NAME = "grpc-timeout";
  private static final Context.Key<String> MALFORMED =
      Context.key("remotemedia-malformed-grpc-timeout");
  private static final Metadata.Key<String> HEADER =
      Metadata.Key.of(NAME, Metadata.ASCII_STRING_MARSHALLER);
  /** The units grpc-java reads: hours, minutes, seconds, milli-, micro- and nanoseconds. */
  private static final String UNITS = "HMSmun";
  private static final ServerStreamTracer WELL_FORMED = new ServerStreamTracer() {};

  private GrpcTimeoutHeader() {}

  /** {@return the stream tracer factory that takes a malformed header away and notes it} */
  public static ServerStreamTracer.Factory tracerFactory() {
    return new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return malformed(headers).<ServerStreamTracer>map(value -> {
          headers.discardAll(HEADER);
          return new Noted(value);
        }).orElse(WELL_FORMED);
      }
    };
  }

  /** {@return the interceptor that refuses a call whose header the tracer took away} */
  public static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
          Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        String malformed = MALFORMED.get();
        if (malformed == null) {
          return next.startCall(call, headers);
        }
        return StatusMapper.refuse(call, PipelineException.of(ErrorKind.VALIDATION,
            "the " + NAME + " header \"" + malformed + "\" is not a timeout: it"
                + " must be 1 to 8 digits and a unit (H, M, S, m, u or n), such as 500m"));
      }
    };
  }

  /** {@return the header's value, if grpc-java cannot read it as a timeout} */
  private static Optional<String> malformed(Metadata headers) {
    String value = headers.get(HEADER);
    return value == null || wellFormed(value) ? Optional.empty() : Optional.of(value);
  }

  /**
   * Whether {@code value} is a timeout as gRPC's HTTP/2 protocol defines it: 1 to 8 ASCII
   * digits, then one of {@link #UNITS}. grpc-java (1.85.1's {@code GrpcUtil.TimeoutMarshaller})
   * reads more, and throws for less: it read a sign too, so {@code -1m} gave a deadline that
   * had passed, and the call was reset (CANCEL) without a status (found by an attack,
   * 2026-12-07). A header this refuses never reaches grpc ({@code WireErrorsTest} sends
   * values both refuse, and values only this one does).
   */
  static boolean wellFormed(String value) {
    int digits = value.length() - 1;
    if (digits < 1 || digits > 8 || UNITS.indexOf(value.charAt(digits)) < 0) {
      return false;
    }
    for (int i = 0; i < digits; i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The tracer of a call whose header was malformed: puts the value in the call's Context. */
  private static final class Noted extends ServerStreamTracer {
    private final String value;

    Noted(String value) {
      this.value = value;
    }

    @Override
    public Context filterContext(Context context) {
      return context.withValue(MALFORMED, value);
    }
  }
}
