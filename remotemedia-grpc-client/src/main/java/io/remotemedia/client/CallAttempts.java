package io.remotemedia.client;

import io.grpc.CallOptions;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the attempts of one unary call, through grpc-java's stream tracers: the channel's
 * retries ({@link ScaleOutServiceConfig}) and the SDK's own ({@link CutCallRetry}) alike. It
 * counts them and keeps how the first attempt that had sent its request ended, if it failed:
 * grpc-java retries such a call itself while no answer has arrived, and reports only the last
 * attempt's failure, which for a server that went away is a refused connection. An attempt the
 * server refused without running it (a draining server's GOAWAY left it past the last stream
 * it takes, or it reset it with REFUSED_STREAM, or it ended it with DRAINING because none of
 * its request had come) is kept apart from one cut in progress: their failures say different
 * things. Thread-safe.
 */
final class CallAttempts extends ClientStreamTracer.Factory {
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicReference<Status> cutInProgress = new AtomicReference<>();
  private final AtomicReference<Status> refusedUnrun = new AtomicReference<>();

  /** {@return {@code options} with this call's attempts watched} */
  CallOptions watching(CallOptions options) {
    return options.withStreamTracerFactory(this);
  }

  @Override
  public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info,
      Metadata headers) {
    count.incrementAndGet();
    return new ClientStreamTracer() {
      private volatile boolean sent;
      private volatile Metadata trailers;

      @Override
      public void outboundMessageSent(int seqNo, long optionalWireSize,
          long optionalUncompressedSize) {
        sent = true;
      }

      @Override
      public void inboundTrailers(Metadata received) {
        trailers = received;
      }

      @Override
      public void streamClosed(Status status) {
        if (sent && !status.isOk()) {
          boolean unrun = isRefusedUnrun(status) || isDrainedUnrun(status, trailers);
          (unrun ? refusedUnrun : cutInProgress).compareAndSet(null, status);
        }
      }
    };
  }

  /** {@return how many attempts the call has made} */
  int count() {
    return count.get();
  }

  /**
   * {@return how the first attempt that had sent its request and was cut failed, if one did;
   * not one the server refused unrun}
   */
  Optional<Status> cutInProgress() {
    return Optional.ofNullable(cutInProgress.get());
  }

  /** {@return how the first attempt the server refused without running it failed, if one did} */
  Optional<Status> refusedUnrun() {
    return Optional.ofNullable(refusedUnrun.get());
  }

  /**
   * A unary call a draining server ended with DRAINING (its ErrorDetail): the server does so
   * only to a call whose request had not come, which ran nothing.
   */
  private static boolean isDrainedUnrun(Status status, Metadata trailers) {
    return trailers != null && status.getCode() == Status.Code.UNAVAILABLE
        && StatusTranslator.translate(status.asRuntimeException(trailers)).kind()
            == ErrorKind.DRAINING;
  }

  /**
   * grpc-netty's words for a sent stream the server never started: one past the last stream id
   * of the server's GOAWAY (what a draining server sends), or one reset with REFUSED_STREAM.
   * Either is retried by grpc-java as not processed.
   */
  private static boolean isRefusedUnrun(Status status) {
    String description = String.valueOf(status.getDescription());
    return status.getCode() == Status.Code.UNAVAILABLE
        && (description.startsWith("Abrupt GOAWAY closed sent stream")
            || description.contains("HTTP/2 error code: REFUSED_STREAM"));
  }
}
