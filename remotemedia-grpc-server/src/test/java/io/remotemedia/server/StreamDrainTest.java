package io.remotemedia.server;

import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.client.StreamListener;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How streams end when the server drains or the client breaks the protocol (issue 13, findings
 * 4, 5 and 12), on the real Netty server on a loopback port.
 */
class StreamDrainTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}],
       "connections": []}
      """);
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);

  private RemoteMediaServer server;
  private RemoteMediaClient client;
  private ManagedChannel rawChannel;

  private void start(StreamSettings settings) throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()), settings);
    server.start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(20)).build();
    rawChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    rawChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void drain_streamOpenWhenGraceRunsOut_endsUnavailableWithDrainingDetail() throws Exception {
    start(StreamSettings.defaults());
    CompletableFuture<Long> draining = new CompletableFuture<>();
    CompletableFuture<RemoteMediaException> sdkError = new CompletableFuture<>();
    RemoteStreamSession session = client.openSession(OpenStreamRequest.of(GAIN, MONO_48K),
        new StreamListener() {
          @Override
          public void onResult(StreamResult result) {}

          @Override
          public void onDraining(long deadlineMs) {
            draining.complete(deadlineMs);
          }

          @Override
          public void onError(RemoteMediaException error) {
            sdkError.complete(error);
          }
        });
    StreamRecorder raw = new StreamRecorder();
    StreamObserver<StreamRequest> rawRequests =
        PipelineServiceGrpc.newStub(rawChannel).streamPipeline(raw);
    rawRequests.onNext(StreamWire.open(OpenStreamRequest.of(GAIN, MONO_48K), "v1"));
    awaitReady(raw);

    CompletableFuture<Void> drained = CompletableFuture.runAsync(() ->
        server.drain(new DrainSettings(Duration.ZERO, Duration.ofMillis(300))));

    assertThat(draining.get(20, TimeUnit.SECONDS)).as("the draining notice's deadline, ms")
        .isEqualTo(300);
    RemoteMediaException e = sdkError.get(20, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.kind()).isEqualTo(ErrorKind.DRAINING);
    assertThat(e.getMessage()).isEqualTo("the server is shutting down and its grace period of"
        + " 300 ms has run out; reopen the stream, on another replica if there is one");
    StatusRuntimeException rawError = raw.error();
    assertThat(rawError.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(detailOf(rawError).getType()).isEqualTo(ErrorType.ERROR_TYPE_DRAINING);
    assertThat(raw.responses).extracting(StreamResponse::getKindCase)
        .containsExactly(StreamResponse.KindCase.READY, StreamResponse.KindCase.DRAINING);
    drained.get(20, TimeUnit.SECONDS);
    assertThat(server.streams().openCount()).isZero();
    assertThat(session.isReady()).isFalse();
  }

  @Test
  void chunkAfterClose_isInvalidArgument() throws Exception {
    start(StreamSettings.defaults());
    // Repeated: the chunk must be read before the pipeline's flush answers, every time.
    for (int attempt = 0; attempt < 20; attempt++) {
      StreamRecorder raw = new StreamRecorder();
      StreamObserver<StreamRequest> requests =
          PipelineServiceGrpc.newStub(rawChannel).streamPipeline(raw);
      requests.onNext(StreamWire.open(OpenStreamRequest.of(GAIN, MONO_48K), "v1"));
      awaitReady(raw);

      requests.onNext(StreamWire.close());
      requests.onNext(StreamWire.chunk(0, AudioBuffer.of(MONO_48K, new float[] {0.5f})));
      requests.onCompleted();

      StatusRuntimeException error = raw.error();
      assertThat(error.getStatus().getCode()).as("attempt %d", attempt)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(detailOf(error).getMessage()).isEqualTo("chunk after close: the stream is"
          + " closing");
    }
  }

  @Test
  void send_whileTheListenerBlocks_failsOnceTheServerHasEndedTheSession() throws Exception {
    start(StreamSettings.defaults());
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RemoteStreamSession session = client.openSession(OpenStreamRequest.of(GAIN, MONO_48K),
        result -> {
          inListener.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      session.send(new float[] {0.5f});
      assertThat(inListener.await(20, TimeUnit.SECONDS)).as("the listener got result 0")
          .isTrue();
      // The server ends the session while the listener still holds result 0.
      server.drain(new DrainSettings(Duration.ZERO, Duration.ZERO));

      CompletableFuture<Long> send = CompletableFuture.supplyAsync(() ->
          session.send(new float[] {0.5f}));
      ExecutionException failed = catchThrowableOfType(() -> send.get(20, TimeUnit.SECONDS),
          ExecutionException.class);
      assertThat(failed).as("send() returned control").isNotNull();
      assertThat(failed.getCause()).isInstanceOfSatisfying(RemoteMediaException.class, e -> {
        assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.kind()).isEqualTo(ErrorKind.DRAINING);
      });
      assertThat(release.getCount()).as("the listener was still blocked").isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  private static void awaitReady(StreamRecorder raw) throws Exception {
    Await.until("the stream answers", 20, () -> {
      if (raw.responses.isEmpty() && raw.end.isDone()) {
        throw new AssertionError("no ready; the call ended: " + raw.end);
      }
      return !raw.responses.isEmpty();
    });
    assertThat(raw.responses.get(0).getKindCase()).isEqualTo(StreamResponse.KindCase.READY);
  }
}
