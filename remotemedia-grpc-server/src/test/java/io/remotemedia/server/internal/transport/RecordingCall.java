package io.remotemedia.server.internal.transport;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.remotemedia.proto.StreamResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A stream call for driving a {@link StreamSession} without a transport: always ready; it
 * records the answers, counts down {@link #ready} at the first and records the error. Its
 * trailers are written at once: the close handler runs when the call is ended. A test
 * overrides a method to watch what else holds at that moment.
 */
class RecordingCall extends ServerCallStreamObserver<StreamResponse> {
  final CountDownLatch ready = new CountDownLatch(1);
  final CompletableFuture<StatusRuntimeException> error = new CompletableFuture<>();
  final List<StreamResponse> responses = new CopyOnWriteArrayList<>();
  private volatile Runnable onClose = () -> { };

  @Override
  public void onNext(StreamResponse value) {
    responses.add(value);
    ready.countDown();
  }

  @Override
  public void onError(Throwable t) {
    error.complete((StatusRuntimeException) t);
    onClose.run();
  }

  @Override
  public void onCompleted() {
    onClose.run();
  }

  @Override
  public void setOnCloseHandler(Runnable onCloseHandler) {
    onClose = onCloseHandler;
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void setOnCancelHandler(Runnable onCancelHandler) {}

  @Override
  public void setCompression(String compression) {}

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void setOnReadyHandler(Runnable onReadyHandler) {}

  @Override
  public void disableAutoInboundFlowControl() {}

  @Override
  public void request(int count) {}

  @Override
  public void setMessageCompression(boolean enable) {}
}
