package io.remotemedia.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import io.remotemedia.proto.internal.marshal.CopyOnceMarshallers;
import io.remotemedia.proto.internal.marshal.PcmMessage;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ExplainWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The unary calls of a {@link RemoteMediaClient}: ExecutePipeline (blocking, coded, or
 * without blocking), ExplainPipeline and GetVersion, each with the client's deadline, and all
 * but GetVersion after the version negotiation ({@link VersionNegotiation}), which this class
 * owns. A failure that names a place in the manifest is located in it ({@link
 * FailureLocator}). The methods behave and throw as the client's methods of the same name say.
 * Thread-safe.
 */
final class PipelineCalls {
  private final Channel channel;
  /** Where the channel calls, for messages: see {@link UnaryCall#start}. */
  private final String target;
  private final Duration deadline;
  private final ClientLifecycle lifecycle;
  private final VersionNegotiation negotiation;

  PipelineCalls(Channel channel, String target, Duration deadline, ClientLifecycle lifecycle) {
    this.channel = channel;
    this.target = target;
    this.deadline = deadline;
    this.lifecycle = lifecycle;
    this.negotiation = new VersionNegotiation(this::getVersion);
  }

  /** As {@link RemoteMediaClient#execute}, always as one unary call. */
  ExecutionResult execute(ExecutionRequest request) {
    try {
      return UnaryCall.blocking(negotiation.negotiated(ProtocolFeature.PCM), channel, target,
          execute(request.manifest()), callOptions(),
          ExecutionWire.toPcmMessage(request, ProtocolFeature.PCM.version()),
          DecodedResponse::orThrow);
    } catch (RemoteMediaException e) {
      throw FailureLocator.locate(e, request.manifest());
    }
  }

  /**
   * ExecutePipeline with its request audio written from the floats into the message, and its
   * response mapped to the result while it is parsed, its audio decoded from the transport's
   * buffers (one copy each way, not two).
   */
  private static MethodDescriptor<PcmMessage<ExecuteRequest>, DecodedResponse<ExecutionResult>>
      execute(PipelineManifest manifest) {
    return CopyOnceMarshallers.decoding(PipelineServiceGrpc.getExecutePipelineMethod(),
        DecodedResponse.mapping(response -> ExecutionWire.fromProto(response, manifest)));
  }

  /** As {@link RemoteMediaClient#executeEncoded}. */
  EncodedExecutionResult executeEncoded(ExecutionRequest request,
      Map<String, EncodedAudio> encodedInputs, Map<String, OutputEncoding> outputEncodings) {
    try {
      return UnaryCall.blocking(negotiation.negotiated(ProtocolFeature.CODED_AUDIO), channel,
          target, PipelineServiceGrpc.getExecutePipelineMethod(), callOptions(),
          ExecutionWire.toProto(request, encodedInputs, outputEncodings,
              ProtocolFeature.CODED_AUDIO.version()),
          response -> new EncodedExecutionResult(
              ExecutionWire.fromProto(response, request.manifest()),
              ExecutionWire.encodedOutputs(response)));
    } catch (RemoteMediaException e) {
      throw FailureLocator.locate(e, request.manifest());
    }
  }

  /** As {@link RemoteMediaClient#executeAsync}. */
  CompletableFuture<ExecutionResult> executeAsync(ExecutionRequest request) {
    CompletableFuture<ExecutionResult> call = afterNegotiation(execute(request.manifest()),
        ExecutionWire.toPcmMessage(request, ProtocolFeature.PCM.version()),
        DecodedResponse::orThrow);
    CompletableFuture<ExecutionResult> located = new CompletableFuture<>();
    call.whenComplete((result, failure) -> {
      if (failure == null) {
        located.complete(result);
      } else {
        located.completeExceptionally(failure instanceof RemoteMediaException remote
            ? FailureLocator.locate(remote, request.manifest()) : failure);
      }
    });
    located.whenComplete((result, failure) -> {
      if (located.isCancelled()) {
        call.cancel(true);
      }
    });
    return located;
  }

  /** As {@link RemoteMediaClient#explain}. */
  Explanation explain(ExplainRequest request) {
    try {
      ProtocolFeature feature = request.inputEncodings().isEmpty()
          && request.outputEncodings().isEmpty()
          ? ProtocolFeature.PCM : ProtocolFeature.CODED_AUDIO;
      return UnaryCall.await(UnaryCall.after(negotiation.negotiated(feature), channel, target,
          PipelineServiceGrpc.getExplainPipelineMethod(), callOptions(),
          ExplainWire.toProto(request, feature.version()), ExplainWire::fromProto));
    } catch (RemoteMediaException e) {
      throw FailureLocator.locate(e, request.manifest());
    }
  }

  /** As {@link RemoteMediaClient#serverInfo}. */
  ServerInfo serverInfo() {
    VersionResponse response = UnaryCall.await(getVersion());
    return new ServerInfo(response.getProtocolVersion(), response.getServerVersion(),
        response.getSupportedProtocolVersionsList(),
        response.getNodeTypesList().stream().map(ExecutionWire::fromProto).toList(),
        response.getCompatibility() == Compatibility.COMPATIBILITY_COMPATIBLE,
        response.getCompatibilityReason());
  }

  /** {@return the version a stream that needs {@code feature} speaks, once negotiated} */
  CompletableFuture<String> agreed(ProtocolFeature feature) {
    return negotiation.agreed(feature);
  }

  private CompletableFuture<VersionResponse> getVersion() {
    return UnaryCall.start(channel, target, PipelineServiceGrpc.getGetVersionMethod(),
        callOptions(),
        VersionRequest.newBuilder().setClientProtocolVersion(ProtocolVersions.CURRENT).build());
  }

  /** Negotiates the version if not yet done, then makes one unary call. */
  private <Q, R, T> CompletableFuture<T> afterNegotiation(MethodDescriptor<Q, R> method,
      Q message, Function<R, T> fromProto) {
    return UnaryCall.after(negotiation.negotiated(ProtocolFeature.PCM), channel, target, method,
        callOptions(), message, fromProto);
  }

  /**
   * Every call's options; refuses a call on a closed client, a mistake retrying cannot fix.
   * The deadline is given in ns: in ms, one of 1.5 ms would be cut to 1 ms, and one under 1 ms
   * to 0, which every call passes before it starts.
   */
  private CallOptions callOptions() {
    lifecycle.requireOpen();
    return CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }
}
