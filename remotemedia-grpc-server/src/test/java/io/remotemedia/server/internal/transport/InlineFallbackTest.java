package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.StreamSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A small request alone in flight that finds no execution slot free on the transport thread
 * (its immediate runner returns empty) is decoded there and run on a worker, with the same
 * answer. The service on a real Netty server on loopback port 0.
 */
class InlineFallbackTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      version: v1
      metadata: {name: gain}
      nodes:
        - {id: gain, node_type: Gain, params: {gain_db: -6.0206}}
      """);

  private final WorkerPool workers = new WorkerPool("test-worker-");
  private final StreamRegistry streams = new StreamRegistry();
  private final List<String> tried = new CopyOnWriteArrayList<>();
  private Server server;
  private RemoteMediaClient client;

  @AfterEach
  void stop() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    workers.shutdownNow();
    streams.shutdown();
  }

  @Test
  void noSlotFree_onTheTransportThread_runsOnAWorkerWithTheSameAnswer() throws Exception {
    LocalPipelineRunner runner = LocalPipelineRunner.create();
    InlineExecution inline = InlineExecution.upTo(48_000, (request, maxNodeSamples) -> {
      tried.add(Thread.currentThread().getName());
      return Optional.empty();
    }, () -> true);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .directExecutor()
        .addService(AliasingMarshaller.forRequestsOf(new PipelineGrpcService(runner, workers,
            "test", ExecutionObserver.NONE, inline, new StreamPipelineHandler(runner, workers,
                streams, StreamSettings.defaults())).bindService(), 8 << 20))
        .build().start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort())
        .deadline(Duration.ofSeconds(30)).build();
    float[] samples = {0.5f, -1f, 0.25f, 0f};
    ExecutionRequest request =
        ExecutionRequest.of(GAIN, "gain", AudioBuffer.of(AudioFormat.f32(16_000, 1), samples));

    ExecutionResult remote = client.execute(request);

    assertThat(tried).as("the transport thread tried once").singleElement()
        .satisfies(name -> assertThat(name).doesNotStartWith("test-worker-"));
    assertThat(remote.audio("gain").samples())
        .containsExactly(runner.execute(request).audio("gain").samples());
  }
}
