package io.remotemedia.server.internal.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.StreamSettings;
import io.remotemedia.server.auth.AuthInterceptor;
import java.util.Objects;

/**
 * Serves StreamPipeline calls: each call becomes a session that reads one message at a time
 * under manual flow control, runs its chunks where the settings say, and is tracked in the
 * {@link StreamRegistry} while open. See {@code docs/streaming.md} for the protocol and the
 * buffering policy.
 *
 * <p>Thread-safe.
 */
public final class StreamPipelineHandler {
  private final PipelineRunner runner;
  private final WorkerPool workers;
  private final StreamRegistry registry;
  private final StreamSettings settings;
  private final long maxChunkSamples;
  private final BufferMemory memory;
  private final int windowBytes;

  /**
   * @param runner opens the pipeline streams
   * @param workers runs the sessions' opens, and their chunks unless they run on the
   *     transport; the runner's stream slots decide whether a stream opens, and its execution
   *     slots when it is planned
   * @param registry tracks the open sessions and owns their timers
   * @param settings idle timeout and maximum session duration
   */
  public StreamPipelineHandler(PipelineRunner runner, WorkerPool workers,
      StreamRegistry registry, StreamSettings settings) {
    this(runner, workers, registry, settings, EncodedAudioCodec.MAX_DECODED_SAMPLES,
        UncountedMemory.INSTANCE, ServerSettings.DEFAULT_FLOW_CONTROL_WINDOW_BYTES);
  }

  /**
   * @param runner opens the pipeline streams
   * @param workers runs the sessions' opens, and their chunks unless they run on the
   *     transport; the runner's stream slots decide whether a stream opens, and its execution
   *     slots when it is planned
   * @param registry tracks the open sessions and owns their timers
   * @param settings idle timeout and maximum session duration
   * @param maxChunkSamples the most samples one chunk's coded audio may decode to; past it the
   *     chunk is refused before it is allocated
   * @param memory the runner's memory bound, in which resumable sessions' unacknowledged
   *     results and open streams' receive windows count ({@link UncountedMemory} when the
   *     server does not know it)
   * @param windowBytes each call's HTTP/2 receive window, in bytes; each open stream reserves
   *     twice it in {@code memory}
   */
  public StreamPipelineHandler(PipelineRunner runner, WorkerPool workers,
      StreamRegistry registry, StreamSettings settings, long maxChunkSamples,
      BufferMemory memory, int windowBytes) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.maxChunkSamples = maxChunkSamples;
    this.memory = Objects.requireNonNull(memory, "memory");
    this.windowBytes = windowBytes;
  }

  /**
   * Starts a session on a new call and returns the observer of the client's messages.
   *
   * @param responses the call's response observer; must be a server call observer
   * @return the observer of the client's messages for the new session
   */
  public StreamObserver<StreamRequest> start(StreamObserver<StreamResponse> responses) {
    ServerCallStreamObserver<StreamResponse> call =
        (ServerCallStreamObserver<StreamResponse>) responses;
    // Must happen before this handler returns; from now on only the session asks for messages.
    call.disableAutoRequest();
    String clientName = AuthInterceptor.CLIENT_NAME.get();
    StreamSession session = new StreamSession(call, clientName == null ? "" : clientName,
        runner, workers, registry, settings, maxChunkSamples, memory, windowBytes);
    return session.start();
  }

  /** {@return the registry of open sessions} */
  public StreamRegistry registry() {
    return registry;
  }
}
