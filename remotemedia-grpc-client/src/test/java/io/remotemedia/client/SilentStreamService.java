package io.remotemedia.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResumed;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake service whose streams fall silent: each call that opens a resumable session (token
 * {@code token}, window 10 s) answers only the chunks before {@code answered} and then says
 * nothing, and records how the first such call ends. A resume is answered as {@link
 * ResumeAnswer} says; on a resumed call each chunk gets its result.
 */
final class SilentStreamService extends PipelineServiceGrpc.PipelineServiceImplBase {
  /** How the service answers a resume. */
  enum ResumeAnswer {
    /** {@code resumed}, going on from the first chunk not answered. */
    RESUMED,
    /** NOT_FOUND, as a replica that does not have the session answers. */
    NOT_FOUND,
    /** Nothing: the resume call is silent too. */
    NONE
  }

  /** Completes when a result first goes out. */
  final CompletableFuture<Void> firstResultSent = new CompletableFuture<>();
  /** How the first call that fell silent ended, once it did. */
  final CompletableFuture<Status> silentCallEnded = new CompletableFuture<>();
  private final long answered;
  private final ResumeAnswer resumeAnswer;

  SilentStreamService(long answered, ResumeAnswer resumeAnswer) {
    this.answered = answered;
    this.resumeAnswer = resumeAnswer;
  }

  @Override
  public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
    AtomicBoolean resumed = new AtomicBoolean();
    return ScriptedStreamCall.of(response, (request, out) -> {
      if (request.hasOpen()) {
        out.onNext(ScriptedStreamCall.resumableReady());
      } else if (request.hasResume()) {
        resumed.set(true);
        answerResume(out);
      } else if (request.hasChunk()
          && (resumed.get() || request.getChunk().getSequence() < answered)) {
        out.onNext(StreamResponse.newBuilder().setResult(io.remotemedia.proto.StreamResult
            .newBuilder().setSequence(request.getChunk().getSequence())).build());
        firstResultSent.complete(null);
      }
    }, t -> {
      if (!resumed.get()) {
        silentCallEnded.complete(Status.fromThrowable(t));
      }
    });
  }

  private void answerResume(StreamObserver<StreamResponse> out) {
    switch (resumeAnswer) {
      case RESUMED -> out.onNext(StreamResponse.newBuilder().setResumed(StreamResumed
          .newBuilder().setSessionId("s").setNextChunkSequence(answered)).build());
      case NOT_FOUND -> out.onError(Status.NOT_FOUND
          .withDescription("no stream session to resume for this token").asRuntimeException());
      case NONE -> { }
    }
  }
}
