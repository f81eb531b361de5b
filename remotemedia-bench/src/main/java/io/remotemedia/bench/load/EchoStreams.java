package io.remotemedia.bench.load;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.remotemedia.bench.echo.EchoService;
import java.util.List;

/**
 * The streams' echo floor: each stream is one {@link EchoService#STREAM_METHOD} call, each chunk
 * one message of the size of the real chunk message, answered by one message of the size of the
 * real result. Like the SDK's session, a send blocks while the call is not ready (flow control),
 * and stream {@code i} uses channel {@code i % channels}.
 */
final class EchoStreams {
  private EchoStreams() {}

  /**
   * Opens echo streams over {@code channels}, sending {@code messageBytes} per chunk and asking
   * for {@code replyBytes} back.
   */
  static StreamLoad.StreamOpener opener(List<? extends Channel> channels, int messageBytes,
      int replyBytes) {
    List<Channel> copy = List.copyOf(channels);
    return (index, events) -> {
      EchoCall call = new EchoCall(events, messageBytes, replyBytes);
      ClientCalls.asyncBidiStreamingCall(
          copy.get(index % copy.size()).newCall(EchoService.STREAM_METHOD, CallOptions.DEFAULT),
          call);
      return call;
    };
  }

  /** One echo stream. */
  private static final class EchoCall
      implements ClientResponseObserver<byte[], byte[]>, StreamLoad.PacedCall {
    private final StreamLoad.StreamEvents events;
    private final int messageBytes;
    private final int replyBytes;
    private final Object lock = new Object();
    private ClientCallStreamObserver<byte[]> requests;
    // Guarded by lock.
    private boolean failed;

    EchoCall(StreamLoad.StreamEvents events, int messageBytes, int replyBytes) {
      this.events = events;
      this.messageBytes = messageBytes;
      this.replyBytes = replyBytes;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<byte[]> requestStream) {
      requests = requestStream;
      requestStream.setOnReadyHandler(() -> {
        synchronized (lock) {
          lock.notifyAll();
        }
      });
    }

    @Override
    public boolean send(long sequence) {
      synchronized (lock) {
        while (!failed && !requests.isReady()) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // The pacer is shutting down: stop this stream's schedule.
            Thread.currentThread().interrupt();
            return false;
          }
        }
        if (failed) {
          return false;
        }
      }
      // Only this stream's pacer task sends, one chunk at a time, so onNext is not concurrent.
      requests.onNext(EchoService.streamMessage(messageBytes, replyBytes, sequence));
      return true;
    }

    @Override
    public void cancel() {
      requests.cancel("the load run ended", null);
    }

    @Override
    public void onNext(byte[] reply) {
      events.result(EchoService.sequenceOf(reply));
    }

    @Override
    public void onError(Throwable error) {
      synchronized (lock) {
        failed = true;
        lock.notifyAll();
      }
      events.failed(Status.fromThrowable(error).getCode().name());
    }

    @Override
    public void onCompleted() {
      // The echo ends a stream only after the client half-closes it, which the load never
      // does; if it happens anyway, nothing more can be sent.
      synchronized (lock) {
        failed = true;
        lock.notifyAll();
      }
    }
  }
}
