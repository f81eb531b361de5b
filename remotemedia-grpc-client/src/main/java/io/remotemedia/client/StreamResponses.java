package io.remotemedia.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;

/**
 * One call of a {@link RemoteStreamSession}, from the server's side: sets up the call's flow
 * control, and hands every message from the server to the part of the session it concerns.
 * A resumed session has one per call; the messages and the end of a call that the session has
 * replaced are ignored. Runs on the call's callback thread, one message at a time.
 */
final class StreamResponses implements ClientResponseObserver<StreamRequest, StreamResponse> {
  private final RemoteStreamSession session;
  private final StreamConnection connection;
  private final ResultDelivery delivery;
  private final DrainingNotice draining;
  private ClientCallStreamObserver<StreamRequest> call;

  StreamResponses(RemoteStreamSession session, StreamConnection connection,
      ResultDelivery delivery, DrainingNotice draining) {
    this.session = session;
    this.connection = connection;
    this.delivery = delivery;
    this.draining = draining;
  }

  /** {@return the call, once it is starting} */
  ClientCallStreamObserver<StreamRequest> call() {
    return call;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<StreamRequest> call) {
    this.call = call;
    // One for `ready` (or `resumed`), then up to `prefetch` results ahead of the consumer.
    call.disableAutoRequestWithInitial(connection.starting(call));
    call.setOnReadyHandler(connection::callReady);
  }

  @Override
  public void onNext(StreamResponse response) {
    if (!connection.heardOn(this)) {
      return;
    }
    try {
      switch (response.getKindCase()) {
        case READY -> connection.ready(response.getReady());
        case RESUMED -> connection.resumed(response.getResumed(), call);
        case RESULT -> {
          if (!connection.sends().firstReceipt(response.getResult().getSequence())) {
            call.request(1); // A result delivered before the break: once is enough.
            return;
          }
          delivery.result(response.getResult());
        }
        case CLOSED -> {
          ExecutionResult result = delivery.decode(response.getClosed());
          session.closedReceived();
          delivery.closedWith(result);
        }
        case DRAINING -> {
          long deadlineMs = response.getDraining().getDeadlineMs();
          draining.told(deadlineMs);
          delivery.draining(deadlineMs);
          call.request(1);
        }
        case KIND_NOT_SET -> { /* A newer server's message kind: ignore it. */ }
      }
    } catch (PipelineException e) {
      // A malformed message from the server (its audio, or a resumed out of turn).
      session.terminate(new RemoteMediaException(Status.Code.INTERNAL,
          PipelineException.builder(e.kind(), "bad response: " + e.getMessage()).cause(e)));
      connection.reset("bad response from the server", e);
    }
  }

  @Override
  public void onError(Throwable t) {
    StatusRuntimeException status = t instanceof StatusRuntimeException e
        ? e : Status.fromThrowable(t).asRuntimeException();
    RemoteMediaException error = connection.isOpen()
        ? StatusTranslator.translateAfterAnswer(status) : StatusTranslator.translate(status);
    connection.callEnded(this);
    connection.failed(this, t, error);
  }

  @Override
  public void onCompleted() {
    connection.callEnded(this);
    if (!connection.isCurrent(this)) {
      return;
    }
    if (!session.hasReceivedClosed()) {
      session.terminate(new RemoteMediaException(Status.Code.INTERNAL, PipelineException.builder(
          ErrorKind.INTERNAL, "the server ended the stream without a closed message")));
    }
  }
}
