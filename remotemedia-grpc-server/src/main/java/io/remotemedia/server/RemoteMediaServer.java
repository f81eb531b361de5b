package io.remotemedia.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.server.transport.PipelineGrpcService;
import io.remotemedia.server.transport.StreamPipelineHandler;
import io.remotemedia.server.transport.StreamRegistry;
import io.remotemedia.server.transport.StreamSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The RemoteMedia gRPC server around a {@link PipelineRunner}.
 *
 * <pre>{@code
 * RemoteMediaServer server = new RemoteMediaServer(
 *     NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 50051)),
 *     LocalPipelineRunner.create(), ServerSettings.defaults());
 * server.start();
 * server.awaitTermination();
 * }</pre>
 *
 * <p>It takes a {@link ServerBuilder} so that tests and embedders pick the transport. Pipeline
 * work runs on a bounded pool of named worker threads; handlers run on the transport's threads
 * only long enough to hand the work over. Thread-safe.
 */
public final class RemoteMediaServer {
  private static final Logger log = LogManager.getLogger(RemoteMediaServer.class);

  private final Server server;
  private final ThreadPoolExecutor workers;
  private final StreamRegistry streams = new StreamRegistry();

  /**
   * Builds the server with the default stream timeouts; call {@link #start()} to listen.
   *
   * @param builder the transport, already bound to its address
   * @param runner runs the pipelines
   * @param settings worker pool and message-size settings
   */
  public RemoteMediaServer(ServerBuilder<?> builder, PipelineRunner runner,
      ServerSettings settings) {
    this(builder, runner, settings, StreamSettings.defaults());
  }

  /**
   * Builds the server; call {@link #start()} to listen.
   *
   * @param builder the transport, already bound to its address
   * @param runner runs the pipelines
   * @param settings worker pool and message-size settings
   * @param streamSettings idle timeout and maximum duration of StreamPipeline sessions
   */
  public RemoteMediaServer(ServerBuilder<?> builder, PipelineRunner runner,
      ServerSettings settings, StreamSettings streamSettings) {
    Objects.requireNonNull(runner, "runner");
    this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(),
        0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.workerQueueCapacity()),
        namedThreads("remotemedia-worker-"));
    this.server = builder
        // Handlers only hand work to the worker pool, so they run where the call arrives.
        .directExecutor()
        .maxInboundMessageSize(settings.maxInboundMessageBytes())
        .addService(new PipelineGrpcService(runner, workers, ServerVersion.current(),
            new StreamPipelineHandler(runner, workers, streams, streamSettings)))
        .build();
  }

  /** Starts listening. */
  public RemoteMediaServer start() throws IOException {
    server.start();
    return this;
  }

  /** Returns the port the server listens on (useful with port 0), or -1 before start. */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops accepting calls, lets in-flight calls finish for up to {@code grace}, then cancels
   * what is left. Restores the interrupt flag if interrupted while waiting.
   */
  public void shutdown(Duration grace) {
    server.shutdown();
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("calls still running after the {} ms grace period; cancelling them",
            grace.toMillis());
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      workers.shutdownNow();
      streams.shutdown();
    }
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Returns the open StreamPipeline sessions; the drain sequence tells them to finish with
   * {@link StreamRegistry#drainAll(long)}.
   */
  public StreamRegistry streams() {
    return streams;
  }

  /** Returns the worker pool, so that operators' metrics can read its depth. */
  ExecutorService workers() {
    return workers;
  }

  private static ThreadFactory namedThreads(String prefix) {
    AtomicInteger next = new AtomicInteger(1);
    return task -> {
      Thread thread = new Thread(task, prefix + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }
}
