package io.remotemedia.server.quota;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.server.internal.logging.CallUsage;
import io.remotemedia.server.internal.transport.ParsedRequest;
import io.remotemedia.server.internal.transport.StatusMapper;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted call of {@link ClientQuotaInterceptor}: it charges each message's audio, and
 * when the call ends, whichever way (closed, cancelled, completed, or failed to start), gives
 * back its quota place and records a stream's open time, exactly once.
 *
 * <p>A stream whose client was at its {@code open_streams} quota when it started has no place
 * yet ({@link CallPlace#isAwaited()}): its first message goes on to the service only if it is
 * a {@code resume}, whose session then calls {@link #admit()} once the takeover has given the
 * old call's place back; any other message takes a place first or ends the call with the
 * quota's refusal.
 *
 * <p>The transport calls the listener's methods one at a time; {@link #close} may come from a
 * worker or timer thread, and at most one close reaches the transport.
 */
final class MeteredCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
  private final ClientQuotaInterceptor interceptor;
  private final String client;
  private final ClientQuotaState state;
  private final CallUsage callUsage;
  private final CallPlace place;
  private final boolean stream;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  // Written and read on the transport's serialized listener callbacks.
  private boolean refused;
  private boolean messaged;

  MeteredCall(ServerCall<ReqT, RespT> call, ClientQuotaInterceptor interceptor, String client,
      ClientQuotaState state, CallUsage callUsage, CallPlace place, boolean stream) {
    super(call);
    this.interceptor = interceptor;
    this.client = client;
    this.state = state;
    this.callUsage = callUsage;
    this.place = place;
    this.stream = stream;
    this.startNanos = interceptor.nowNanos();
  }

  @Override
  public void close(Status status, Metadata trailers) {
    if (!closed.compareAndSet(false, true)) {
      return; // the call was already ended by a quota refusal
    }
    end();
    super.close(status, trailers);
  }

  /** Gives the quota place back and records a stream's open time; only the first call counts. */
  void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    place.release();
    if (stream) {
      double seconds = (interceptor.nowNanos() - startNanos) / 1e9;
      callUsage.streamEnded(seconds);
      interceptor.usage().streamEnded(client, seconds);
    }
  }

  /**
   * Takes the place of a stream that waits for one, for the session its {@code resume}
   * took over ({@code ResumeAdmission}).
   *
   * @throws io.remotemedia.pipeline.PipelineException the quota's refusal, recorded
   */
  void admit() {
    try {
      place.take();
    } catch (QuotaRefusal refusal) {
      interceptor.record(client, callUsage, refusal);
      throw refusal.error();
    }
  }

  /** Wraps the service's listener so that messages are charged and the end is seen. */
  ServerCall.Listener<ReqT> listen(ServerCall.Listener<ReqT> inner) {
    return new SimpleForwardingServerCallListener<>(inner) {
      @Override
      public void onMessage(ReqT message) {
        if (refused) {
          return;
        }
        boolean first = !messaged;
        messaged = true;
        if (place.isAwaited() && !(first && isResume(message))) {
          try {
            place.take();
          } catch (QuotaRefusal refusal) {
            refuse(delegate(), refusal);
            return;
          }
        }
        double audioSeconds = WireAudioSeconds.of(message);
        if (audioSeconds > 0) {
          try {
            state.chargeAudio(audioSeconds);
          } catch (QuotaRefusal refusal) {
            refuse(delegate(), refusal);
            return;
          }
          callUsage.addAudioSeconds(audioSeconds);
          interceptor.usage().audioAdmitted(client, audioSeconds);
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }

      @Override
      public void onReady() {
        if (!refused) {
          super.onReady();
        }
      }

      @Override
      public void onCancel() {
        // The place goes back first: hearing the cancel, a stream's session may keep itself
        // for a resume, which may then ask for a place at once (ResumeAdmission).
        try {
          end();
        } finally {
          if (!(refused && stream)) {
            super.onCancel();
          }
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          end();
        }
      }
    };
  }

  /**
   * Ends the call for a quota. A stream's session is first told the call was cancelled, so that
   * it stops and frees its pipeline, and writes nothing more to the call; a unary call has not
   * reached the service yet (it runs on half-close).
   */
  private void refuse(ServerCall.Listener<ReqT> inner, QuotaRefusal refusal) {
    refused = true;
    interceptor.record(client, callUsage, refusal);
    if (stream) {
      inner.onCancel();
    }
    StatusRuntimeException status = StatusMapper.toStatusException(refusal.error());
    close(status.getStatus(), status.getTrailers());
  }

  private static boolean isResume(Object message) {
    return ParsedRequest.messageOf(message) instanceof StreamRequest request
        && request.hasResume();
  }
}
