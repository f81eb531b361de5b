package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An open that the server does not answer within the open timeout, as a server whose execution
 * slots are all busy keeps it in its queue: an in-process server that never sends {@code ready}.
 */
class RemoteStreamSessionOpenTimeoutTest {
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void open_notAnsweredInTime_saysTheTimeoutAndThatTheOpenMayHaveWaitedInTheServersQueue()
      throws Exception {
    RemoteMediaException e = openUnanswered(/* openTimeout= */ Duration.ofMillis(150));

    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessage("the server did not open the stream within 150 ms"
        + " (RemoteMediaClient.Builder.deadline): the open may have waited in the server's"
        + " queue, which it shares with the executions (the server plans a stream's pipeline"
        + " in an execution slot); retry when the server is less busy, give the client more"
        + " replicas, or raise the deadline");
  }

  @Test
  void open_withATimeoutUnderOneMillisecond_saysItRatherThanZero() throws Exception {
    RemoteMediaException e = openUnanswered(/* openTimeout= */ Duration.ofNanos(400_000));

    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessageStartingWith("the server did not open the stream within 0.4 ms"
        + " (RemoteMediaClient.Builder.deadline)");
  }

  /** {@return the failure of a session opened with {@code openTimeout} that no server opens} */
  private RemoteMediaException openUnanswered(Duration openTimeout) throws IOException {
    service = InProcessService.serve(new QueuingService());
    StreamOptions options = new StreamOptions(/* prefetch= */ 4, openTimeout,
        /* resumable= */ false, StreamConnectionListener.NONE);
    return catchThrowableOfType(RemoteMediaException.class,
        () -> RemoteStreamSession.open(service.channel(), OpenStreamRequest.of(
                new ManifestParser().parse("""
                    {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
                    """), StalledStreamService.FORMAT),
            null, options, ProtocolFeature.PCM.version()));
  }

  /** Takes every open and answers none, as a server whose queue holds it does. */
  private static final class QueuingService extends PipelineServiceGrpc.PipelineServiceImplBase {
    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      return new StreamObserver<>() {
        @Override
        public void onNext(StreamRequest request) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
  }
}
