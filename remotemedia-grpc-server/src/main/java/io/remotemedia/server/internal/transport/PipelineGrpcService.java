package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.server.StreamSettings;
import io.remotemedia.server.internal.logging.RequestId;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.encoding.OutputEncoding;
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
import io.remotemedia.proto.internal.marshal.NetworkBuffers;
import io.remotemedia.proto.internal.marshal.PcmMessage;
import io.remotemedia.proto.internal.wire.EncodingWire;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ExplainWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The remotemedia.v1 {@code PipelineService}: maps wire requests to the domain, runs them on the
 * worker pool (never on a transport thread), and maps results and failures back. The runner's
 * admission control decides what runs, waits or is refused as BUSY; this service admits
 * nothing itself.
 *
 * <p>Thread-safe. Handlers return at once; the work runs on {@code workers}. A cancelled call
 * (client cancel, deadline, disconnect) interrupts its worker, which stops the pipeline within
 * one chunk.
 */
public final class PipelineGrpcService extends PipelineServiceGrpc.PipelineServiceImplBase {
  private static final Logger log = LogManager.getLogger(PipelineGrpcService.class);
  /** How long a caller refused by a stopping server should wait before retrying, in ms. */
  static final long BUSY_RETRY_AFTER_MS = 200;

  private final PipelineRunner runner;
  private final WorkerPool workers;
  private final String serverVersion;
  private final ExecutionObserver observer;
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
    this(runner, workers, serverVersion, ExecutionObserver.NONE, new StreamPipelineHandler(
        runner, workers, new StreamRegistry(), StreamSettings.defaults()));
  }

  /**
   * @param runner runs the pipelines
   * @param workers the threads for pipeline work
   * @param serverVersion this server's release version, reported by GetVersion
   * @param observer hears how each execution went (metrics, access log)
   * @param streams serves StreamPipeline calls
   */
  public PipelineGrpcService(PipelineRunner runner, WorkerPool workers,
      String serverVersion, ExecutionObserver observer, StreamPipelineHandler streams) {
    this.runner = runner;
    this.workers = workers;
    this.serverVersion = serverVersion;
    this.observer = observer;
    this.streams = streams;
  }

  @Override
  public void executePipeline(ExecuteRequest request,
      StreamObserver<ExecuteResponse> responseObserver) {
    ServerCallStreamObserver<ExecuteResponse> call =
        (ServerCallStreamObserver<ExecuteResponse>) responseObserver;
    String requestId = RequestId.current();
    Deadline deadline = Context.current().getDeadline();
    // The worker takes the message out of this holder, so that nothing keeps its bytes (as
    // large as the input audio) reachable once they are decoded and the pipeline runs.
    AtomicReference<ExecuteRequest> wire = new AtomicReference<>(request);
    // The request's audio may alias the network's buffers: the worker claims them to decode.
    NetworkBuffers buffers = CallBuffers.current().map(CallBuffers::latest)
        .orElse(NetworkBuffers.NONE);
    // The call's Context travels to the worker, so observers find the call there.
    Future<?> work;
    try {
      work = workers.submit(
          Context.current().wrap(() -> execute(wire, buffers, call, deadline, requestId)));
    } catch (RejectedExecutionException stopped) {
      observer.failed(ErrorKind.BUSY);
      call.onError(StatusMapper.toStatusException(stopping(stopped)));
      return;
    }
    call.setOnCancelHandler(() -> work.cancel(true));
  }

  private void execute(AtomicReference<ExecuteRequest> wire, NetworkBuffers buffers,
      ServerCallStreamObserver<ExecuteResponse> call, Deadline deadline, String requestId) {
    if (call.isCancelled()) {
      return;
    }
    // The request id is in every line logged while this request runs, and only then.
    ThreadContext.put(RequestId.LOG_KEY, requestId);
    try {
      run(wire, buffers, call, deadline, requestId);
    } finally {
      ThreadContext.remove(RequestId.LOG_KEY);
    }
  }

  private void run(AtomicReference<ExecuteRequest> wire, NetworkBuffers buffers,
      ServerCallStreamObserver<ExecuteResponse> call, Deadline deadline, String requestId) {
    try {
      if (!buffers.claim()) {
        // The call ended while it waited for a worker, and its bytes went back to Netty.
        return;
      }
      Decoded decoded;
      try {
        decoded = decode(wire.getAndSet(null));
      } finally {
        buffers.release();
      }
      ExecutionRequest request = decoded.request();
      observer.decoded(request);
      if (decoded.concealedPackets() > 0) {
        observer.concealedPackets(decoded.concealedPackets());
      }
      ExecutionResult result = runner.execute(withDeadline(request, deadline));
      // serialization_ms is the audio's share of the mapping, as the contract defines it: the
      // decoding, and the coding of coded outputs; PCM outputs are encoded as the response is
      // written (PcmResponseMarshaller), after the metrics are sent.
      long encodeStart = System.nanoTime();
      Map<String, io.remotemedia.proto.AudioBuffer> audio =
          ExecutionWire.describedAudioOutputs(result, decoded.outputEncodings());
      double serializationMs = (decoded.audioNanos() + System.nanoTime() - encodeStart) / 1e6;
      PcmMessage<ExecuteResponse> response = ExecutionWire.toPcmMessage(new ExecutionResult(
          result.audioOutputs(), result.dataOutputs(),
          result.metrics().withSerializationMs(serializationMs)), audio,
          decoded.outputEncodings());
      observer.executed(request, result);
      PcmResponseMarshaller.send(call, response);
      call.onCompleted();
    } catch (PipelineException e) {
      observer.failed(e.kind());
      call.onError(StatusMapper.toStatusException(e));
    } catch (RuntimeException e) {
      // A bug: the caller gets a generic INTERNAL, the log keeps the cause.
      log.error("ExecutePipeline failed unexpectedly, request id {}", requestId, e);
      observer.failed(ErrorKind.INTERNAL);
      call.onError(StatusMapper.internal(requestId));
    }
  }

  /** A decoded request, the time its audio took to decode, and how to code its outputs. */
  private record Decoded(ExecutionRequest request, long audioNanos,
      Map<String, OutputEncoding> outputEncodings, long concealedPackets) {}

  /**
   * Checks the protocol version and decodes; the message is unreachable once this returns.
   */
  private static Decoded decode(ExecuteRequest wire) {
    checkProtocol(wire.getClientProtocolVersion());
    long start = System.nanoTime();
    Map<String, AudioBuffer> audio = ExecutionWire.audioInputs(wire);
    long audioNanos = System.nanoTime() - start;
    return new Decoded(ExecutionWire.fromProto(wire, audio), audioNanos,
        EncodingWire.fromProto(wire.getOutputEncodingsMap()),
        EncodingWire.lostPackets(wire.getAudioInputsMap().values()));
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
      builder.setCompatibilityReason(incompatibility(client));
    }
    runner.nodeTypes().forEach(type -> builder.addNodeTypes(ExecutionWire.toProto(type)));
    response.onNext(builder.build());
    response.onCompleted();
  }

  @Override
  public void explainPipeline(ExplainPipelineRequest request,
      StreamObserver<ExplainPipelineResponse> response) {
    try {
      checkProtocol(request.getClientProtocolVersion());
      Explanation explanation = runner.explain(ExplainWire.fromProto(request));
      response.onNext(ExplainWire.toProto(explanation));
      response.onCompleted();
    } catch (PipelineException e) {
      response.onError(StatusMapper.toStatusException(e));
    }
  }

  /** The BUSY answer of work handed over while the worker pool has shut down. */
  static PipelineException stopping(RejectedExecutionException cause) {
    return PipelineException.builder(ErrorKind.BUSY, "the server is stopping; retry after "
            + BUSY_RETRY_AFTER_MS + " ms, on another replica if there is one")
        .retryAfterMs(BUSY_RETRY_AFTER_MS)
        .cause(cause)
        .build();
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

  /** Caps the requested timeout by the call's deadline, so work stops when nobody waits. */
  private static ExecutionRequest withDeadline(ExecutionRequest request, Deadline deadline) {
    if (deadline == null) {
      return request;
    }
    long remainingMs = Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
    return new ExecutionRequest(request.manifest(), request.inputs(),
        request.limits().withTimeoutAtMost(remainingMs));
  }
}
