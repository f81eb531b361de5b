package io.remotemedia.client;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted PipelineService for client tests: GetVersion answers with a chosen verdict,
 * ExecutePipeline answers an empty result (or a scripted one), or never answers when
 * {@code hang} is set. {@link #v1Only()} plays a server of the first release, which serves
 * protocol v1 alone and refuses any other version a request declares.
 */
final class FakePipelineService extends PipelineServiceGrpc.PipelineServiceImplBase {
  final AtomicInteger versionCalls = new AtomicInteger();
  final AtomicInteger executeCalls = new AtomicInteger();
  final CountDownLatch executeStarted = new CountDownLatch(1);
  final CountDownLatch executeCancelled = new CountDownLatch(1);
  /** The client_protocol_version of the last ExecutePipeline request, or null. */
  volatile String lastExecuteVersion;
  /** The client_protocol_version of the last stream's open, or null. */
  volatile String lastStreamVersion;
  /** How many stream requests other than the open arrived. */
  final AtomicInteger chunksReceived = new AtomicInteger();
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

  /**
   * {@return a server that serves protocol v1 only, as the first release did: GetVersion
   * answers INCOMPATIBLE to a newer client and lists [v1], and ExecutePipeline refuses a request
   * that declares any other version with FAILED_PRECONDITION}
   */
  static FakePipelineService v1Only() {
    return new FakePipelineService(null, false, ExecuteResponse.getDefaultInstance());
  }

  private FakePipelineService(Compatibility verdict, boolean hang, ExecuteResponse answer) {
    this.verdict = verdict;
    this.hang = hang;
    this.answer = answer;
  }

  @Override
  public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
    versionCalls.incrementAndGet();
    if (verdict == null) {
      boolean v1 = request.getClientProtocolVersion().equals("v1");
      response.onNext(VersionResponse.newBuilder()
          .setProtocolVersion("v1")
          .setServerVersion("0.1.0")
          .addSupportedProtocolVersions("v1")
          .setCompatibility(v1 ? Compatibility.COMPATIBILITY_COMPATIBLE
              : Compatibility.COMPATIBILITY_INCOMPATIBLE)
          .setCompatibilityReason(v1 ? "" : "protocol version \""
              + request.getClientProtocolVersion() + "\" is not served; this server serves v1")
          .build());
      response.onCompleted();
      return;
    }
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

  /**
   * Answers a stream's open with ready (and a resume token, which only a resumable client
   * keeps), records the version it declares, and ignores its chunks; the stream ends when the
   * client ends it.
   */
  @Override
  public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
    return ScriptedStreamCall.of(response, (request, out) -> {
      if (request.hasOpen()) {
        lastStreamVersion = request.getOpen().getClientProtocolVersion();
        out.onNext(StreamResponse.newBuilder()
            .setReady(StreamReady.newBuilder().setSessionId("fake")
                .setResumeToken("fake-token").setResumeWindowMs(30_000)).build());
      } else {
        chunksReceived.incrementAndGet();
      }
    });
  }

  @Override
  public void executePipeline(ExecuteRequest request, StreamObserver<ExecuteResponse> response) {
    executeCalls.incrementAndGet();
    executeStarted.countDown();
    lastExecuteVersion = request.getClientProtocolVersion();
    if (verdict == null && !lastExecuteVersion.equals("v1")) {
      response.onError(Status.FAILED_PRECONDITION
          .withDescription("protocol version \"" + lastExecuteVersion + "\" is not served")
          .asRuntimeException());
      return;
    }
    if (hang) {
      ((ServerCallStreamObserver<ExecuteResponse>) response)
          .setOnCancelHandler(executeCancelled::countDown);
      return;
    }
    response.onNext(answer);
    response.onCompleted();
  }
}
