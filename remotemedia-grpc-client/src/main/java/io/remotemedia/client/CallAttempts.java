package io.remotemedia.client;

import io.grpc.CallOptions;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the attempts of one unary call, through grpc-java's stream tracers: the channel's
 * retries ({@link ScaleOutServiceConfig}) and the SDK's own ({@link CutCallRetry}) alike. It
 * counts them and keeps how the first attempt that had sent its request ended, if it failed:
 * grpc-java retries such a cut call itself while no answer has arrived, and reports only the
 * last attempt's failure, which for a server that went away is a refused connection. Thread-safe.
 */
final class CallAttempts extends ClientStreamTracer.Factory {
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicReference<Status> cutInProgress = new AtomicReference<>();

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

      @Override
      public void outboundMessageSent(int seqNo, long optionalWireSize,
          long optionalUncompressedSize) {
        sent = true;
      }

      @Override
      public void streamClosed(Status status) {
        if (sent && !status.isOk()) {
          cutInProgress.compareAndSet(null, status);
        }
      }
    };
  }

  /** {@return how many attempts the call has made} */
  int count() {
    return count.get();
  }

  /** {@return how the first attempt that had sent its request failed, if one did} */
  Optional<Status> cutInProgress() {
    return Optional.ofNullable(cutInProgress.get());
  }
}
