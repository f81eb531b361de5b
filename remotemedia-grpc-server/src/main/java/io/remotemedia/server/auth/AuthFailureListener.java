package io.remotemedia.server.auth;

/**
 * Told about every refused call, for example to count them in a Prometheus counter labelled by
 * reason. Called on the transport thread: implementations must be fast and thread-safe.
 */
@FunctionalInterface
public interface AuthFailureListener {
  /** A listener that does nothing. */
  AuthFailureListener NONE = (reason, fullMethodName) -> { };

  /**
   * Why a call was refused. Label values for metrics: {@link #label()}.
   */
  enum Reason {
    /** No {@code authorization} header. */
    MISSING("missing"),
    /** A header that is not {@code Bearer <token>}. */
    MALFORMED("malformed"),
    /** A well-formed token that matches no configured hash. */
    UNKNOWN_TOKEN("unknown_token"),
    /** More than one {@code authorization} header on one call. */
    DUPLICATE("duplicate"),
    /** Refused unchecked: the client address is blocked after too many failures. */
    THROTTLED("throttled");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    /** {@return a short lower-case name for logs and metric labels} */
    public String label() {
      return label;
    }
  }

  /**
   * Called once per refused call.
   *
   * @param reason why it was refused
   * @param fullMethodName the gRPC method, such as {@code
   *     remotemedia.v1.PipelineService/ExecutePipeline}
   */
  void onFailure(Reason reason, String fullMethodName);

  /** Called when a client address is blocked after too many failures. Does nothing here. */
  default void onPeerBlocked() {}
}
