package io.remotemedia.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.internal.wire.ErrorWire;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns a failed call's status into one {@link RemoteMediaException}: the server's {@link
 * ErrorDetail} when the status carries one (kind, node, manifest location, limit, retry hint),
 * otherwise a kind derived from the code.
 */
final class StatusTranslator {
  /** How grpc's health-checking load balancer describes a refused health-check stream. */
  static final String HEALTH_CHECK_CLOSED = "Health-check stream unexpectedly closed with";
  /** The name a response over this client's size limit reports in its {@link LimitViolation}. */
  static final String INBOUND_LIMIT_NAME = "maxInboundMessageBytes";
  /** How much of a transport cause's message a failure's message repeats. */
  private static final int MAX_CAUSE_CHARS = 200;
  /**
   * How grpc-java's deframer refuses a message over the receiver's limit, from its 5-byte
   * prefix: "gRPC message exceeds maximum size 1048576: 1048577". The server explains its own
   * refusals with an {@link ErrorDetail}, so a bare one is this client's.
   */
  private static final Pattern TOO_LARGE =
      Pattern.compile("^gRPC message exceeds maximum size (\\d+): (-?\\d+)$");

  /**
   * How grpc-java fails the calls of a channel shut down on this side: those in flight at
   * {@code shutdownNow}, and those started after {@code shutdown}.
   */
  private static final Set<String> CHANNEL_SHUT_DOWN =
      Set.of("Channel shutdownNow invoked", "Channel shutdown invoked");
  /**
   * The debug data of the GOAWAY (ENHANCE_YOUR_CALM) with which grpc-java's server closes a
   * connection that reset more streams than it allows ("rapid reset"); grpc-java's client fails
   * that connection's calls with RESOURCE_EXHAUSTED "Connection closed after GOAWAY ...".
   */
  private static final String TOO_MANY_RESETS = "too_many_rststreams";
  /** How grpc-java describes a connection that closed with no GOAWAY and no error. */
  private static final String CLOSED_SILENTLY = "Network closed for unknown reason";
  /** How grpc-java marks a call whose deadline passed while no attempt was running. */
  private static final String NO_ATTEMPT_OPEN = "open=[]";
  /**
   * How grpc-java marks a call whose last attempt the server reset (CANCELLED) just before this
   * client's deadline timer fired: a grpc-java server resets a call at the deadline it was
   * sent, so a held answer races the client's own timer.
   */
  private static final String RESET_LAST = "CANCELLED], " + NO_ATTEMPT_OPEN;
  /** What a call that the server reset at its deadline says after "did not end within...". */
  private static final String RESET_AT_DEADLINE = ": the server did not answer in time, and"
      + " reset the call as the deadline passed (a server stops a call at the deadline sent"
      + " with it)";
  /** How grpc-java marks a call that passed its deadline before it had a connection. */
  private static final String STILL_WAITING = "was_still_waiting";
  /** grpc-java's words for a deadline that had passed when the call was to start. */
  private static final String STARTED_AFTER = "ClientCall started after";
  /** grpc-java's words for a deadline that passed while the target was being resolved. */
  private static final String RESOLVING = "waiting for name_resolver";
  private static final Pattern RESOLUTION_DELAY =
      Pattern.compile("Name resolution delay ([0-9]+(?:\\.[0-9]+)?) seconds");

  private StatusTranslator() {}

  static RemoteMediaException translate(StatusRuntimeException e) {
    return translate(e, false);
  }

  /**
   * As {@link #translate(StatusRuntimeException)}, for a call on whose connection the server
   * had already answered (an open stream): a connection closed without a word then broke,
   * since a server that wants TLS closes a plaintext client's before any answer.
   */
  static RemoteMediaException translateAfterAnswer(StatusRuntimeException e) {
    return translate(e, true);
  }

  private static RemoteMediaException translate(StatusRuntimeException e, boolean answered) {
    Status.Code code = e.getStatus().getCode();
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (Any detail : status.getDetailsList()) {
        if (detail.is(ErrorDetail.class)) {
          try {
            return of(code, ErrorWire.toBuilder(detail.unpack(ErrorDetail.class)).cause(e));
          } catch (InvalidProtocolBufferException malformed) {
            e.addSuppressed(malformed);
          }
        }
      }
    }
    String description = e.getStatus().getDescription();
    if (code == Status.Code.UNAVAILABLE && description != null
        && description.startsWith(HEALTH_CHECK_CLOSED)
        && (description.contains("code=UNAUTHENTICATED")
            || description.contains("code=PERMISSION_DENIED"))) {
      // The replicas' health service refused the credentials, so no replica counts as healthy.
      return new RemoteMediaAuthenticationException(Status.Code.UNAUTHENTICATED,
          PipelineException.builder(ErrorKind.UNAUTHENTICATED, "the server's health service"
              + " (grpc.health.v1.Health) refused this client's credentials, so no replica"
              + " can be used; give a valid token, or exempt grpc.health.v1.Health/Watch from"
              + " authentication on the server (" + description + ")").cause(e));
    }
    if (code == Status.Code.RESOURCE_EXHAUSTED && description != null) {
      Matcher tooLarge = TOO_LARGE.matcher(description);
      if (tooLarge.matches()) {
        return responseTooLarge(e, Long.parseLong(tooLarge.group(1)),
            Long.parseLong(tooLarge.group(2)));
      }
    }
    String message = code + (description == null ? "" : ": " + description)
        + transportCause(e, description);
    if (isClosedForResets(e.getStatus())) {
      // Not this call's limit: the connection went, and the call with it.
      return of(Status.Code.UNAVAILABLE, PipelineException.builder(ErrorKind.UNAVAILABLE,
          "the server closed the connection, and every call on it, because this client reset"
              + " (cancelled) more streams on it within 10 s than the server allows"
              + " (server.max_stream_resets_per_10s); the call can be made again, on a new"
              + " connection (" + message + ")").cause(e));
    }
    if (isChannelShutDown(e.getStatus())) {
      return of(Status.Code.CANCELLED, PipelineException.builder(ErrorKind.CANCELLED,
          "the call was cancelled because its channel was shut down (RemoteMediaClient.close(),"
              + " or shutdownNow on the caller's channel); no server failed it (" + message
              + ")").cause(e));
    }
    Optional<SSLException> tls = code == Status.Code.UNAVAILABLE
        ? TlsMismatch.find(e) : Optional.empty();
    if (tls.isPresent()) {
      return of(code, PipelineException.builder(TlsMismatch.isPlaintextServer(tls.get())
              ? ErrorKind.PROTOCOL_MISMATCH : kindOf(code),
          TlsMismatch.explain(tls.get()) + " (" + message + ")").cause(e));
    }
    Optional<String> notGrpc = NonGrpcPeer.explain(message);
    if (notGrpc.isPresent()) {
      return of(code, PipelineException.builder(ErrorKind.PROTOCOL_MISMATCH,
          notGrpc.get() + " (" + message + ")").cause(e));
    }
    if (code == Status.Code.DEADLINE_EXCEEDED) {
      message = deadlinePassed(description) + " (" + message + ")";
    } else if (code == Status.Code.UNAVAILABLE && CLOSED_SILENTLY.equals(description)) {
      message += answered
          ? "; the connection closed without a word after the server had answered on it: the"
              + " server was killed, or the network or a proxy dropped the connection"
          : "; the server closed the connection without saying why (a server that wants TLS"
              + " does so with a plaintext client: if it does, connect with TLS)";
    }
    return of(code, PipelineException.builder(kindOf(code), message).cause(e));
  }

  /**
   * {@return the DEADLINE_EXCEEDED failure of a call that the server reset ({@code reset}:
   * CANCELLED, RST_STREAM) once its deadline had passed, before this client's own deadline
   * timer fired} The server reset it because the deadline passed; {@code reset} is the cause.
   */
  static RemoteMediaException resetAtDeadline(StatusRuntimeException reset) {
    Status status = reset.getStatus();
    return of(Status.Code.DEADLINE_EXCEEDED, PipelineException.builder(ErrorKind.TIMEOUT,
        "the call did not end within its deadline" + RESET_AT_DEADLINE + " (" + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription()) + ")")
        .cause(reset));
  }

  /**
   * {@return whether a call failed because the server closed its connection for the resets
   * (cancelled calls) of other calls on it} Such a call itself was refused nothing.
   */
  static boolean isClosedForResets(Status status) {
    return status.getCode() == Status.Code.RESOURCE_EXHAUSTED && status.getDescription() != null
        && status.getDescription().contains(TOO_MANY_RESETS);
  }

  /**
   * {@return whether a call failed because its channel was shut down on this side} Such an
   * UNAVAILABLE is no transport failure: no other attempt or resume can get past it.
   */
  static boolean isChannelShutDown(Status status) {
    return status.getCode() == Status.Code.UNAVAILABLE && status.getDescription() != null
        && CHANNEL_SHUT_DOWN.contains(status.getDescription());
  }

  /**
   * What a deadline that passed in this client means. grpc-java says "was_still_waiting" when
   * the call was never given to a connection: no replica was ready in time. A last attempt
   * closed CANCELLED with none open is the server's reset at the deadline, not a failed try.
   */
  /**
   * Whether grpc's "ClientCall started after" text says name resolution took no time ("Name
   * resolution delay 0.000000000 seconds"): then the deadline went on this client's own work.
   */
  private static boolean resolvedAtOnce(String description) {
    Matcher delay = RESOLUTION_DELAY.matcher(description);
    return delay.find() && Double.parseDouble(delay.group(1)) == 0;
  }

  private static String deadlinePassed(String description) {
    String passed = "the call did not end within its deadline";
    if (description != null && (description.endsWith(RESOLVING)
        || description.startsWith(STARTED_AFTER) && !resolvedAtOnce(description))) {
      return passed + ": it had passed before the call could start (too short for the client"
          + " to resolve the target and connect), so it never reached a server";
    }
    if (description != null && description.startsWith(STARTED_AFTER)) {
      // Resolved and connected: this client's own work before the call used the deadline up
      // (blamed on resolving and connecting until an attack on the SDK, 2026-12-07).
      return passed + ": it had passed before the call could start, used up in this client"
          + " before the call was sent (a first call's version check, encoding a large"
          + " request), so it never reached a server";
    }
    if (description != null && description.contains(STILL_WAITING)) {
      return passed + ": no replica was ready to take it in time (still connecting, or none"
          + " healthy), so it never reached a server";
    }
    if (description != null && description.contains(RESET_LAST)) {
      return passed + RESET_AT_DEADLINE;
    }
    if (description != null && description.contains(NO_ATTEMPT_OPEN)) {
      return passed + ": it passed between attempts, each of which had failed (closed=[...]"
          + " below), so no server was working on it";
    }
    return passed + ": the server did not answer in time, and was told to stop the work";
  }

  private static RemoteMediaException responseTooLarge(StatusRuntimeException e, long limitBytes,
      long announcedBytes) {
    // A length with the top bit set reads as negative: the server announced more than 2 GiB.
    long actual = announcedBytes < 0 ? announcedBytes & 0xFFFF_FFFFL : announcedBytes;
    return of(Status.Code.RESOURCE_EXHAUSTED, PipelineException.builder(
            ErrorKind.RESOURCE_LIMIT, "the server's answer is a message of " + actual
                + " bytes, over this client's limit of " + limitBytes + " bytes ("
                + INBOUND_LIMIT_NAME + "); the server did the work, and the answer was dropped"
                + " unread: raise RemoteMediaClient.Builder." + INBOUND_LIMIT_NAME
                + ", or send less audio per message")
        .limit(new LimitViolation(INBOUND_LIMIT_NAME, limitBytes, actual))
        .cause(e));
  }

  /**
   * {@code ": " + } the first line of the cause's message when the description does not already
   * say it: grpc-java describes a refused connection only as "io exception", while its cause
   * says "Connection refused: /127.0.0.1:50051". Empty when there is nothing to add.
   */
  private static String transportCause(StatusRuntimeException e, String description) {
    Throwable cause = e.getCause();
    if (cause == null || cause.getMessage() == null || cause.getMessage().isBlank()) {
      return "";
    }
    String line = clip(cause.getMessage().lines().findFirst().orElse("").strip());
    return line.isEmpty() || (description != null && description.contains(line))
        ? "" : ": " + line;
  }

  /** {@return {@code text}, cut to the length a failure's message repeats of another's} */
  static String clip(String text) {
    return text.length() > MAX_CAUSE_CHARS ? text.substring(0, MAX_CAUSE_CHARS) + "..." : text;
  }

  /**
   * Creates the exception type that fits {@code code} and the detail's kind: credentials
   * failures and quota refusals are their own.
   */
  static RemoteMediaException of(Status.Code code, PipelineException.Builder detail) {
    return switch (code) {
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          new RemoteMediaAuthenticationException(code, detail);
      default -> {
        RemoteMediaException failure = new RemoteMediaException(code, detail);
        yield failure.kind() == ErrorKind.QUOTA_EXCEEDED
            ? new RemoteMediaQuotaException(code, detail) : failure;
      }
    };
  }

  private static ErrorKind kindOf(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT -> ErrorKind.VALIDATION;
      case RESOURCE_EXHAUSTED -> ErrorKind.RESOURCE_LIMIT;
      case DEADLINE_EXCEEDED -> ErrorKind.TIMEOUT;
      case CANCELLED -> ErrorKind.CANCELLED;
      case FAILED_PRECONDITION -> ErrorKind.PROTOCOL_MISMATCH;
      case UNAUTHENTICATED, PERMISSION_DENIED -> ErrorKind.UNAUTHENTICATED;
      // BUSY is the server's own answer, and always carries its ErrorDetail. A bare
      // UNAVAILABLE comes from the transport: no connection, or a broken one.
      case UNAVAILABLE -> ErrorKind.UNAVAILABLE;
      case NOT_FOUND -> ErrorKind.NOT_FOUND;
      default -> ErrorKind.INTERNAL;
    };
  }
}
