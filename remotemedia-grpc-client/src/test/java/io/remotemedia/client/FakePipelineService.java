package io.remotemedia.client;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted PipelineService for client tests: GetVersion answers with a chosen verdict,
 * ExecutePipeline answers an empty result (or a scripted one), or never answers when
 * {@code hang} is set.
 */
final class FakePipelineService extends PipelineServiceGrpc.PipelineServiceImplBase {
  final AtomicInteger versionCalls = new AtomicInteger();
  final AtomicInteger executeCalls = new AtomicInteger();
  final CountDownLatch executeCancelled = new CountDownLatch(1);
  private final Compatibility verdict;
  private final boolean hang;
  private final ExecuteResponse answer;

  FakePipelineService(Compatibility verdict, boolean hang) {
    this(verdict, hang, ExecuteResponse.getDefaultInstance());
  }

  /** A compatible server that answers every ExecutePipeline with {@code answer}. */
  FakePipelineService(ExecuteResponse answer) {
    this(Compatibility.COMPATIBILITY_COMPATIBLE, false, answer);
  }

  private FakePipelineService(Compatibility verdict, boolean hang, ExecuteResponse answer) {
    this.verdict = verdict;
    this.hang = hang;
    this.answer = answer;
  }

  @Override
  public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
    versionCalls.incrementAndGet();
    VersionResponse.Builder answer = VersionResponse.newBuilder()
        .setProtocolVersion(verdict == Compatibility.COMPATIBILITY_INCOMPATIBLE ? "v2" : "v1")
        .setServerVersion("9.0.0")
        .addSupportedProtocolVersions(
            verdict == Compatibility.COMPATIBILITY_INCOMPATIBLE ? "v2" : "v1")
        .setCompatibility(verdict);
    if (verdict == Compatibility.COMPATIBILITY_INCOMPATIBLE) {
      answer.setCompatibilityReason("protocol \"" + request.getClientProtocolVersion()
          + "\" is no longer served");
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public void executePipeline(ExecuteRequest request, StreamObserver<ExecuteResponse> response) {
    executeCalls.incrementAndGet();
    if (hang) {
      ((ServerCallStreamObserver<ExecuteResponse>) response)
          .setOnCancelHandler(executeCancelled::countDown);
      return;
    }
    response.onNext(answer);
    response.onCompleted();
  }
}
