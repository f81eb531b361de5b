package io.remotemedia.server.internal.transport;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.StreamSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PipelineGrpcService alone (no interceptors) on a real Netty server on loopback port 0,
 * its requests parsed as the server parses them, with its own runner, worker pool ("test-worker-"
 * threads) and an SDK client; {@link #close} stops them all.
 */
final class ServiceLoopback implements AutoCloseable {
  /** One Gain node, id "gain", that halves its input. */
  static final PipelineManifest HALF_GAIN = new ManifestParser().parse("""
      version: v1
      metadata: {name: gain}
      nodes:
        - {id: gain, node_type: Gain, params: {gain_db: -6.0206}}
      """);

  final LocalPipelineRunner runner = LocalPipelineRunner.create();
  private final WorkerPool workers = new WorkerPool("test-worker-");
  private final StreamRegistry streams = new StreamRegistry();
  private final StreamSettings streamSettings;
  private Server server;
  private RemoteMediaClient client;

  /** A service whose streams have {@link StreamSettings#defaults()}. */
  ServiceLoopback() {
    this(StreamSettings.defaults());
  }

  /** A service whose streams have {@code streamSettings}. */
  ServiceLoopback(StreamSettings streamSettings) {
    this.streamSettings = streamSettings;
  }

  /** {@return a client of the service, started with {@code inline}} */
  RemoteMediaClient start(InlineExecution inline) throws IOException {
    return start(inline, List.of());
  }

  /**
   * {@return a client of the service, started as {@link #start(InlineExecution)} and wrapped
   * in {@code interceptors} (such as the metrics')}
   */
  RemoteMediaClient start(InlineExecution inline, List<ServerInterceptor> interceptors)
      throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .directExecutor()
        .addService(ServerInterceptors.intercept(AliasingMarshaller.forRequestsOf(
            new PipelineGrpcService(runner, workers, "test", ExecutionObserver.NONE, inline,
                new StreamPipelineHandler(runner, workers, streams, streamSettings),
                EncodedAudioCodec.MAX_DECODED_SAMPLES, UncountedMemory.INSTANCE)
                .bindService(), 8 << 20), interceptors))
        .build().start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort())
        .deadline(Duration.ofSeconds(30)).build();
    return client;
  }

  /** {@return the port the server listens on} */
  int port() {
    return server.getPort();
  }

  /**
   * Shuts the worker pool down, as the end of a drain does, while the server still takes
   * calls: work handed to the pool from now on is refused.
   */
  void stopWorkers() {
    workers.shutdownNow();
  }

  @Override
  public void close() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    workers.shutdownNow();
    streams.shutdown();
  }
}
