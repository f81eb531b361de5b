package io.remotemedia.server.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.remotemedia.server.transport.StatusMapper;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Requires {@code authorization: Bearer <token>} on every call except the exempt methods, and
 * puts the client's name into the call's {@link Context} under {@link #CLIENT_NAME} (grpc
 * {@code JwtServerInterceptor}). A refused call is closed with UNAUTHENTICATED and a generic
 * message, reported to the {@link AuthFailureListener}, and logged at most once per
 * {@link #FAILURE_LOG_INTERVAL} with a count of the lines suppressed meanwhile.
 *
 * <p>Register it last on the {@code ServerBuilder} ({@code builder.intercept(auth)}) so that it
 * runs first and interceptors registered before it (metrics, access log) see {@link
 * #CLIENT_NAME}. Thread-safe.
 */
public final class AuthInterceptor implements ServerInterceptor {
  /** The authenticated client's name, set for every authenticated call. */
  public static final Context.Key<String> CLIENT_NAME = Context.key("remotemedia-client-name");
  /** At most one failure line per this interval. */
  public static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LogManager.getLogger(AuthInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final Supplier<TokenSet> tokens;
  private final Set<String> exemptMethods;
  private final AuthFailureListener listener;
  private final FailureLog failureLog;

  /**
   * @param tokens the current token set, read for each call (a {@link TokenStore}'s
   *     {@code current})
   * @param exemptMethods full method names that need no token
   * @param listener told about each refused call
   */
  public AuthInterceptor(Supplier<TokenSet> tokens, Set<String> exemptMethods,
      AuthFailureListener listener) {
    this(tokens, exemptMethods, listener,
        new FailureLog(FAILURE_LOG_INTERVAL.toNanos(), System::nanoTime, log::warn));
  }

  AuthInterceptor(Supplier<TokenSet> tokens, Set<String> exemptMethods,
      AuthFailureListener listener, FailureLog failureLog) {
    this.tokens = tokens;
    this.exemptMethods = Set.copyOf(exemptMethods);
    this.listener = listener;
    this.failureLog = failureLog;
  }

  /** Returns the client the current call authenticated as, if it did. */
  public static Optional<String> currentClientName() {
    return Optional.ofNullable(CLIENT_NAME.get());
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (exemptMethods.contains(method)) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    AuthFailureListener.Reason reason;
    if (header == null) {
      reason = AuthFailureListener.Reason.MISSING;
    } else if (header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      reason = AuthFailureListener.Reason.MALFORMED;
    } else {
      Optional<String> client =
          tokens.get().authenticate(header.substring(BEARER.length()).strip());
      if (client.isPresent()) {
        log.debug("client {} authenticated for {}", client.get(), method);
        Context context = Context.current().withValue(CLIENT_NAME, client.get());
        return Contexts.interceptCall(context, call, headers, next);
      }
      reason = AuthFailureListener.Reason.UNKNOWN_TOKEN;
    }
    listener.onFailure(reason, method);
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    failureLog.failure("authentication failed: " + reason.label() + " credentials for "
        + method + " from " + peer);
    StatusRuntimeException refusal = StatusMapper.unauthenticated();
    call.close(refusal.getStatus(), refusal.getTrailers() == null ? new Metadata()
        : refusal.getTrailers());
    return new ServerCall.Listener<>() { };
  }
}
