package io.remotemedia.client;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.ErrorDetail;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;

/**
 * Which failed unary calls the SDK makes again itself, beyond the channel's retry policy.
 *
 * <p>gRPC retries a call only until it is committed: once the first bytes of the response
 * have arrived, a replica killed mid-answer fails the call with a bare UNAVAILABLE ("io
 * exception"), CANCELLED (its RST_STREAM) or UNKNOWN "channel closed", and the policy in
 * {@link ScaleOutServiceConfig} no longer applies. The unary methods are pure functions of
 * their request, so running one again on another replica is harmless. Only such transport
 * cuts qualify, and the server's DRAINING (a call it did not run): a status with another of
 * the server's ErrorDetails (BUSY, validation...) is the server's answer, and a cancellation
 * by this client ("Thread interrupted", a cancelled future) has no RST_STREAM.
 * Neither does a call that never reached a server (a refused connection), nor one whose channel
 * was shut down here (the client was closed).
 */
final class CutCallRetry {
  /** Extra attempts after the first call was cut; each may itself retry under the policy. */
  static final int EXTRA_ATTEMPTS = 2;

  private CutCallRetry() {}

  /**
   * Whether the SDK makes a failed unary call again: a transport cut ({@link #isCut}), or the
   * server's DRAINING. A server answers DRAINING only to a unary call it did not run (none of
   * its request had come while it drained, or its workers had stopped) and asks for it to be
   * sent again; the channel's retry policy does so only while no response headers have come,
   * and a proxy such as nginx sends the headers of that answer apart from its trailers.
   */
  static boolean isMadeAgain(Throwable failure) {
    return isCut(failure) || (failure instanceof StatusRuntimeException e
        && e.getStatus().getCode() == Status.Code.UNAVAILABLE
        && StatusTranslator.translate(e).kind() == ErrorKind.DRAINING);
  }

  /**
   * As {@link #isMadeAgain(Throwable)}, for a call whose deadline is {@code deadline} (null for
   * none): a call whose deadline has passed is not made again, since no time is left for
   * another attempt. A grpc-java server resets a call (CANCELLED, RST_STREAM) at the deadline
   * sent with it, and that reset can reach this client before its own deadline timer fires.
   */
  static boolean isMadeAgain(Throwable failure, Deadline deadline) {
    return isMadeAgain(failure) && !hasPassed(deadline);
  }

  /** Whether {@code failure} is a transport cut that another attempt may get past. */
  static boolean isCut(Throwable failure) {
    if (!(failure instanceof StatusRuntimeException e) || hasServerDetail(e)) {
      return false;
    }
    Status status = e.getStatus();
    String description = String.valueOf(status.getDescription());
    return switch (status.getCode()) {
      case UNAVAILABLE -> !neverConnected(e) && !StatusTranslator.isChannelShutDown(status);
      case CANCELLED -> description.contains("RST_STREAM");
      // The server closed the connection for the resets of other calls on it.
      case RESOURCE_EXHAUSTED -> StatusTranslator.isClosedForResets(status);
      // grpc-netty's name for a write to a connection the peer has just closed.
      case UNKNOWN -> causedBy(e, ClosedChannelException.class);
      default -> false;
    };
  }

  /**
   * Whether {@code failure} is the transport's, not the server's answer: a cut as {@link
   * #isCut} says, or an UNAVAILABLE without the server's ErrorDetail (no connection yet), but
   * not the failure of a channel shut down on this side. A resumable stream resumes after
   * these, within its window.
   */
  static boolean isTransportFailure(Throwable failure) {
    return isCut(failure) || (failure instanceof StatusRuntimeException e
        && e.getStatus().getCode() == Status.Code.UNAVAILABLE && !hasServerDetail(e)
        && !StatusTranslator.isChannelShutDown(e.getStatus()));
  }

  /**
   * {@return {@code last}, the failure that ended a call, told with what {@code attempts} saw}
   * When an earlier attempt had sent its request and was cut, or was refused by the server
   * without being run (as a draining server refuses new calls), and the last one failed in the
   * transport too, the message says which of the two happened, how many attempts were made (the
   * channel's and the SDK's) and at which target; when the last attempt found no server, that
   * the server went away or stopped taking calls. {@code last} stays the cause. Any other
   * failure (the server's own answer, a deadline) says enough itself and is returned as it is.
   *
   * @param target where the client calls, such as {@code 127.0.0.1:50051}, or every address
   *     of a static list ({@code 127.0.0.1:50051 or 127.0.0.1:50052})
   */
  static RemoteMediaException failure(Throwable last, CallAttempts attempts, String target) {
    return failure(last, attempts, target, null);
  }

  /**
   * As {@link #failure(Throwable, CallAttempts, String)}, for a call whose deadline is {@code
   * deadline} (null for none): a call the server reset (CANCELLED, RST_STREAM) after its
   * deadline had passed fails as a call that passed its deadline, DEADLINE_EXCEEDED, since
   * that is why the server reset it.
   */
  static RemoteMediaException failure(Throwable last, CallAttempts attempts, String target,
      Deadline deadline) {
    if (hasPassed(deadline) && last instanceof StatusRuntimeException e && isCut(e)
        && e.getStatus().getCode() == Status.Code.CANCELLED) {
      return StatusTranslator.resetAtDeadline(e);
    }
    RemoteMediaException failure = UnaryCall.translate(last);
    Optional<Status> cut = attempts.cutInProgress();
    Optional<Status> first = cut.or(attempts::refusedUnrun);
    if (first.isEmpty() || !isTransportFailure(last)) {
      return failure;
    }
    String firstText = StatusTranslator.clip(first.get().getCode()
        + (first.get().getDescription() == null ? "" : ": " + first.get().getDescription()));
    String lastText = StatusTranslator.clip(failure.getMessage());
    String attemptsText = attemptsText(attempts.count());
    String event = cut.isPresent() ? "cut while in progress"
        : "refused by the server before it ran it";
    String message;
    if (neverConnected(last)) {
      String whatHappened = cut.isPresent()
          ? " went away while the call was in progress: the call was cut after its request was"
              + " sent ("
          : " stopped taking calls (it was shutting down): the call was refused before the"
              + " server ran it (";
      message = "the server at " + target + whatHappened + firstText + "), and made again, "
          + attemptsText + " in all, until no server answered at " + target + " (" + lastText
          + "); make the call again once a server runs there, or give the client more replicas";
    } else if (attempts.count() == 1) {
      // No other attempt: the deadline left no time for one, or for the pause before it.
      message = "the call to " + target + " was " + event + " (" + lastText + "), "
          + attemptsText + " in all: it was not made again"
          + (deadline == null ? "" : ", as its deadline left no time for the pause before"
              + " another attempt");
    } else {
      message = "the call to " + target + " was " + event + " (" + firstText + "), and made"
          + " again, " + attemptsText + " in all, the last of which failed too (" + lastText
          + ")";
    }
    return StatusTranslator.of(failure.code(),
        PipelineException.builder(failure.kind(), message).cause(last));
  }

  /** {@return "1 attempt" or "{@code count} attempts"} */
  static String attemptsText(int count) {
    return count + (count == 1 ? " attempt" : " attempts");
  }

  private static boolean hasPassed(Deadline deadline) {
    return deadline != null && deadline.isExpired();
  }

  private static boolean hasServerDetail(StatusRuntimeException e) {
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    return details != null && details.getDetailsList().stream()
        .anyMatch(any -> any.is(ErrorDetail.class));
  }

  // No connection could be made at all (refused, or its TLS failed): the channel's policy
  // already tried every replica, and another round would only make the answer slower to say.
  private static boolean neverConnected(Throwable failure) {
    return causedBy(failure, ConnectException.class) || TlsMismatch.find(failure).isPresent();
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
