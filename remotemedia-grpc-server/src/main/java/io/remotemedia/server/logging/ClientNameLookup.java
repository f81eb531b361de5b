package io.remotemedia.server.logging;

/**
 * Names the caller of the current call for the access log, typically by reading the
 * {@link io.grpc.Context} key that the auth interceptor sets. Called on the call's thread when
 * the call starts, after any interceptor registered outside the access log has run.
 *
 * <pre>{@code
 * ClientNameLookup lookup = () -> AuthContext.CLIENT_NAME.get(); // null means anonymous
 * }</pre>
 */
@FunctionalInterface
public interface ClientNameLookup {
  /** The name logged when no client name is known. */
  String ANONYMOUS = "anonymous";

  /** {@return the current caller's name, or {@code null} if unknown} */
  String currentClientName();

  /** {@return a lookup that knows no names: every caller is {@value #ANONYMOUS}} */
  static ClientNameLookup anonymous() {
    return () -> ANONYMOUS;
  }
}
