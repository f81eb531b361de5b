package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A streamed execute in flight when its client is closed fails CANCELLED, as the client's
 * close promises for calls in flight, also when the close comes while it pauses between two
 * attempts; only a call made on a client already closed throws IllegalStateException.
 */
class ClientClosedBetweenAttemptsTest {
  private static final AudioFormat FORMAT = AudioFormat.f32(8000, 1);
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
      """);

  private final AtomicInteger opens = new AtomicInteger();
  private Server server;
  private RemoteMediaClient client;

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void executeStreamed_closedWhileItPausesBeforeTheNextAttempt_failsCancelled()
      throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new ClosingThenDrainingService()).build().start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort()).build();

    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> client.executeStreamed(ExecutionRequest.of(GAIN, "gain",
            AudioBuffer.of(FORMAT, new float[800]))));

    assertThat(opens).as("attempts that reached the server").hasValue(1);
    assertThat(e.code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(e).hasMessageContaining("its client was closed");
  }

  /**
   * Closes the client when the first stream opens, and once its channel is shut down (the
   * stream still runs), ends the stream as a draining server does, which the client makes
   * again after a pause.
   */
  private final class ClosingThenDrainingService
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    @Override
    public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
      ResumableServerVersion.answer(response);
    }

    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (!request.hasOpen()) {
          return;
        }
        opens.incrementAndGet();
        ClientCloseInBackground.start(client);
        out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.UNAVAILABLE.value())
            .setMessage("the server is shutting down")
            .addDetails(Any.pack(ErrorDetail.newBuilder()
                .setType(ErrorType.ERROR_TYPE_DRAINING).build()))
            .build()));
      });
    }
  }
}
