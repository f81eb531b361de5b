package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.server.StreamSettings;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.ExplainPipelineRequest;
import io.remotemedia.proto.ExplainPipelineResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ExplainWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.server.internal.logging.RequestId;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The remotemedia.v1 {@code PipelineService}: maps wire requests to the domain, runs them, and
 * maps results and failures back. ExecutePipeline runs on the worker pool, or for small PCM
 * requests on the transport thread when a slot is free at once ({@link UnaryExecutions});
 * ExplainPipeline runs on the worker pool; StreamPipeline is {@link StreamPipelineHandler}'s.
 * The runner's admission control decides what runs, waits or is refused as BUSY; this service
 * admits nothing itself.
 *
 * <p>Thread-safe.
 */
public final class PipelineGrpcService extends PipelineServiceGrpc.PipelineServiceImplBase {
  /** How long a caller refused for capacity should wait before retrying, in ms. */
  static final long BUSY_RETRY_AFTER_MS = 200;

  private final PipelineRunner runner;
  private final WorkerPool workers;
  private final String serverVersion;
  private final UnaryExecutions unary;
  private final StreamPipelineHandler streams;

  /**
   * A service whose streams use {@link StreamSettings#defaults()} and a registry of their own.
   *
   * @param runner runs the pipelines
   * @param workers the threads for pipeline work
   * @param serverVersion this server's release version, reported by GetVersion
   */
  public PipelineGrpcService(PipelineRunner runner, WorkerPool workers,
      String serverVersion) {
    this(runner, workers, serverVersion, ExecutionObserver.NONE, InlineExecution.OFF,
        new StreamPipelineHandler(runner, workers, new StreamRegistry(),
            StreamSettings.defaults()));
  }

  /**
   * @param runner runs the pipelines
   * @param workers the threads for pipeline work
   * @param serverVersion this server's release version, reported by GetVersion
   * @param observer hears how each execution went (metrics, access log)
   * @param inline which ExecutePipeline requests may run on the transport thread
   * @param streams serves StreamPipeline calls
   */
  public PipelineGrpcService(PipelineRunner runner, WorkerPool workers,
      String serverVersion, ExecutionObserver observer, InlineExecution inline,
      StreamPipelineHandler streams) {
    this(runner, workers, serverVersion, observer, inline, streams,
        EncodedAudioCodec.MAX_DECODED_SAMPLES, UncountedMemory.INSTANCE);
  }

  /**
   * @param runner runs the pipelines
   * @param workers the threads for pipeline work
   * @param serverVersion this server's release version, reported by GetVersion
   * @param observer hears how each execution went (metrics, access log)
   * @param inline which ExecutePipeline requests may run on the transport thread
   * @param streams serves StreamPipeline calls
   * @param maxDecodedSamples the most samples an ExecutePipeline request's audio inputs may
   *     decode to together; coded audio past it is refused before it is allocated
   * @param memory the runner's memory bound, in which each ExecutePipeline response counts
   *     until it is written ({@link UncountedMemory} when the server does not know it)
   */
  public PipelineGrpcService(PipelineRunner runner, WorkerPool workers,
      String serverVersion, ExecutionObserver observer, InlineExecution inline,
      StreamPipelineHandler streams, long maxDecodedSamples, BufferMemory memory) {
    this.runner = runner;
    this.workers = workers;
    this.serverVersion = serverVersion;
    this.unary = new UnaryExecutions(runner, workers, observer, inline, maxDecodedSamples,
        memory);
    this.streams = streams;
  }

  @Override
  public void executePipeline(ExecuteRequest request,
      StreamObserver<ExecuteResponse> responseObserver) {
    unary.start(request, (ServerCallStreamObserver<ExecuteResponse>) responseObserver);
  }

  @Override
  public StreamObserver<StreamRequest> streamPipeline(
      StreamObserver<StreamResponse> responseObserver) {
    return streams.start(responseObserver);
  }

  @Override
  public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
    String client = ProtocolVersions.normalize(request.getClientProtocolVersion());
    boolean supported = ProtocolVersions.isSupported(client);
    VersionResponse.Builder builder = VersionResponse.newBuilder()
        .setProtocolVersion(ProtocolVersions.CURRENT)
        .setServerVersion(serverVersion)
        .addAllSupportedProtocolVersions(ProtocolVersions.SUPPORTED)
        .setCompatibility(supported
            ? Compatibility.COMPATIBILITY_COMPATIBLE
            : Compatibility.COMPATIBILITY_INCOMPATIBLE);
    if (!supported) {
      // The client's own text, quoted: bounded as in every error (a 1 MB version came back).
      builder.setCompatibilityReason(BoundedText.of(incompatibility(client)));
    }
    runner.nodeTypes().forEach(type -> builder.addNodeTypes(ExecutionWire.toProto(type)));
    response.onNext(builder.build());
    response.onCompleted();
  }

  @Override
  public void explainPipeline(ExplainPipelineRequest request,
      StreamObserver<ExplainPipelineResponse> response) {
    // Planning can take seconds (filter designs), so it runs on a worker, in the runner's
    // capacity, never on the transport thread that serves other calls.
    ServerCallStreamObserver<ExplainPipelineResponse> call =
        (ServerCallStreamObserver<ExplainPipelineResponse>) response;
    AtomicReference<Future<?>> work = new AtomicReference<>();
    call.setOnCancelHandler(() -> {
      Future<?> running = work.get();
      if (running != null) {
        running.cancel(true);
      }
    });
    String requestId = RequestId.current();
    try {
      work.set(workers.submit(Context.current().wrap(() ->
          RequestId.runWith(requestId, () -> explain(request, call, requestId)))));
    } catch (RejectedExecutionException stopped) {
      call.onError(StatusMapper.toStatusException(stopping(stopped)));
    }
  }

  private void explain(ExplainPipelineRequest request,
      ServerCallStreamObserver<ExplainPipelineResponse> call, String requestId) {
    if (call.isCancelled()) {
      return;
    }
    // Failures count in errors_total when the call closes (the metrics interceptor).
    AnsweringFailures.run("ExplainPipeline", call, requestId, kind -> { }, () -> {
      checkProtocol(request.getClientProtocolVersion());
      Explanation explanation = runner.explain(ExplainWire.fromProto(request));
      call.onNext(ExplainWire.toProto(explanation));
      call.onCompleted();
    });
  }

  /**
   * {@return the refusal of a call handed to the worker pool after it shut down, at the end of
   * a drain} It ran nothing, so it is DRAINING (UNAVAILABLE), which clients send again to
   * another replica, not BUSY: this replica will not have room later.
   */
  static PipelineException stopping(RejectedExecutionException cause) {
    return stoppingBuilder().cause(cause).build();
  }

  /** {@return the refusal of a stream that would open while the server drains} */
  static PipelineException stopping() {
    return stoppingBuilder().build();
  }

  private static PipelineException.Builder stoppingBuilder() {
    return PipelineException.builder(ErrorKind.DRAINING, "the server is shutting down and"
        + " refused this call before running it; send it again, to another replica if there"
        + " is one");
  }

  static void checkProtocol(String clientVersion) {
    if (!ProtocolVersions.isSupported(clientVersion)) {
      throw PipelineException.of(ErrorKind.PROTOCOL_MISMATCH,
          incompatibility(ProtocolVersions.normalize(clientVersion)));
    }
  }

  private static String incompatibility(String client) {
    return "client protocol version \"" + client + "\" is not served; this server speaks "
        + String.join(", ", ProtocolVersions.SUPPORTED);
  }
}
