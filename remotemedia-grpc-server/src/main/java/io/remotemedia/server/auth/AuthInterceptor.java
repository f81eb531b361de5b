package io.remotemedia.server.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.server.internal.logging.FailureLog;
import io.remotemedia.server.internal.transport.StatusMapper;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Requires {@code authorization: Bearer <token>} on every call except the exempt methods, and
 * puts the client's name into the call's {@link Context} under {@link #CLIENT_NAME} (grpc
 * {@code JwtServerInterceptor}). A refused call is closed with UNAUTHENTICATED and a generic
 * message, reported to the {@link AuthFailureListener}, and logged at most once per
 * {@link #FAILURE_LOG_INTERVAL} with a count of the lines suppressed meanwhile. A call with
 * more than one {@code authorization} header is refused, saying so, rather than let one of
 * them win.
 *
 * <p>Guessing is throttled per client address ({@link ThrottleSettings}): after too many
 * refused calls in a window, every call from that address is refused unchecked, with a message
 * that says when to retry, until the block ends. Other addresses are unaffected, and exempt
 * methods (health checks) still pass.
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
  private final PeerThrottle throttle;
  // Its own log, so that a block is never hidden behind the failure line just before it.
  private final FailureLog blockLog =
      new FailureLog(FAILURE_LOG_INTERVAL.toNanos(), System::nanoTime, log::warn);

  /**
   * @param tokens the current token set, read for each call (a {@link TokenStore}'s
   *     {@code current})
   * @param exemptMethods full method names that need no token
   * @param listener told about each refused call
   */
  public AuthInterceptor(Supplier<TokenSet> tokens, Set<String> exemptMethods,
      AuthFailureListener listener) {
    this(tokens, exemptMethods, listener, ThrottleSettings.off());
  }

  /**
   * @param tokens the current token set, read for each call (a {@link TokenStore}'s
   *     {@code current})
   * @param exemptMethods full method names that need no token
   * @param listener told about each refused call and each blocked address
   * @param throttle when to block a client address that keeps failing
   */
  public AuthInterceptor(Supplier<TokenSet> tokens, Set<String> exemptMethods,
      AuthFailureListener listener, ThrottleSettings throttle) {
    this(tokens, exemptMethods, listener,
        new FailureLog(FAILURE_LOG_INTERVAL.toNanos(), System::nanoTime, log::warn),
        new PeerThrottle(throttle, System::nanoTime));
  }

  AuthInterceptor(Supplier<TokenSet> tokens, Set<String> exemptMethods,
      AuthFailureListener listener, FailureLog failureLog, PeerThrottle throttle) {
    this.tokens = tokens;
    this.exemptMethods = Set.copyOf(exemptMethods);
    this.listener = listener;
    this.failureLog = failureLog;
    this.throttle = throttle;
  }

  /** {@return the client the current call authenticated as, if it did} */
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
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    Object address = peer instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress() : peer;
    long blockedNanos = address == null ? 0 : throttle.blockedNanos(address);
    if (blockedNanos > 0) {
      listener.onFailure(AuthFailureListener.Reason.THROTTLED, method);
      return refuse(call, "too many failed authentications from this address; retry in "
          + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(blockedNanos)) + " s");
    }
    Iterable<String> all = headers.getAll(AUTHORIZATION);
    int count = 0;
    if (all != null) {
      for (String ignored : all) {
        count++;
      }
    }
    String header = headers.get(AUTHORIZATION);
    AuthFailureListener.Reason reason;
    if (count > 1) {
      reason = AuthFailureListener.Reason.DUPLICATE;
    } else if (header == null) {
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
    failureLog.failure("authentication failed: " + reason.label() + " credentials for "
        + method + " from " + peer);
    if (address != null && throttle.failed(address)) {
      listener.onPeerBlocked();
      blockLog.failure("authentication: blocking " + address + " after repeated failures"
          + " (auth.max_failures_per_peer)");
    }
    if (reason == AuthFailureListener.Reason.DUPLICATE) {
      return refuse(call, "the call carries " + count + " authorization headers; send exactly"
          + " one");
    }
    return StatusMapper.refuse(call, StatusMapper.unauthenticated());
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call,
      String message) {
    return StatusMapper.refuse(call,
        PipelineException.of(ErrorKind.UNAUTHENTICATED, message));
  }
}
