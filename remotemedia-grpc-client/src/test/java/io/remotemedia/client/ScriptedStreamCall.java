package io.remotemedia.client;

import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The server's side of one StreamPipeline call of a fake service, scripted: every request goes
 * to {@code onRequest} with the call's responses, the client's half-close ends the call, and
 * the call's end by cancel or error goes to {@code onError} (ignored unless given).
 *
 * <pre>{@code
 * return ScriptedStreamCall.of(response, (request, out) -> out.onNext(ready()));
 * }</pre>
 */
final class ScriptedStreamCall implements StreamObserver<StreamRequest> {
  private final StreamObserver<StreamResponse> response;
  private final BiConsumer<StreamRequest, StreamObserver<StreamResponse>> onRequest;
  private final Consumer<Throwable> onError;

  private ScriptedStreamCall(StreamObserver<StreamResponse> response,
      BiConsumer<StreamRequest, StreamObserver<StreamResponse>> onRequest,
      Consumer<Throwable> onError) {
    this.response = response;
    this.onRequest = onRequest;
    this.onError = onError;
  }

  static ScriptedStreamCall of(StreamObserver<StreamResponse> response,
      BiConsumer<StreamRequest, StreamObserver<StreamResponse>> onRequest) {
    return new ScriptedStreamCall(response, onRequest, t -> { });
  }

  static ScriptedStreamCall of(StreamObserver<StreamResponse> response,
      BiConsumer<StreamRequest, StreamObserver<StreamResponse>> onRequest,
      Consumer<Throwable> onError) {
    return new ScriptedStreamCall(response, onRequest, onError);
  }

  /** {@return the {@code ready} of a resumable session: id "s", token "token", window 10 s} */
  static StreamResponse resumableReady() {
    return resumableReady(/* resumeWindowMs= */ 10_000);
  }

  /** {@return the {@code ready} of a resumable session: id "s", token "token"} */
  static StreamResponse resumableReady(long resumeWindowMs) {
    return StreamResponse.newBuilder().setReady(StreamReady.newBuilder()
        .setSessionId("s").setResumeToken("token").setResumeWindowMs(resumeWindowMs)).build();
  }

  @Override
  public void onNext(StreamRequest request) {
    onRequest.accept(request, response);
  }

  @Override
  public void onError(Throwable t) {
    onError.accept(t);
  }

  @Override
  public void onCompleted() {
    response.onCompleted();
  }
}
