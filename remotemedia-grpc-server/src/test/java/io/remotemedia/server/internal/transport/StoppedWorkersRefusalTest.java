package io.remotemedia.server.internal.transport;

import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ExplainWire;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.Await;
import io.remotemedia.server.ChunkThread;
import io.remotemedia.server.RawStreamCall;
import io.remotemedia.server.StreamSettings;
import io.remotemedia.server.metrics.ServerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls that reach the service once its worker pool has shut down (the end of a drain, while
 * the transport still delivers a call): an ExecutePipeline, a stream's open and an
 * ExplainPipeline ran nothing, so each is refused as DRAINING (UNAVAILABLE), which the SDK
 * sends again to another replica, and is counted as such, not as a refusal for capacity; an
 * open stream whose chunk comes then ends as DRAINING too (reopen it). They
 * used to be BUSY (RESOURCE_EXHAUSTED, "the server is stopping"), which the SDK does not make
 * again, so the call failed with a second replica up. Real Netty servers on loopback port 0.
 */
class StoppedWorkersRefusalTest {
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final String REFUSED = "the server is shutting down and refused this call"
      + " before running it; send it again, to another replica if there is one";
  /** Calls made at most until the stopped replica has been picked once. */
  private static final int MAX_CALLS = 20;

  private final CollectorRegistry stoppedMetrics = new CollectorRegistry();
  private final ServiceLoopback stopped = new ServiceLoopback();
  private final ServiceLoopback running = new ServiceLoopback();
  private ManagedChannel channel;
  private RemoteMediaClient client;

  @AfterEach
  void stop() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    stopped.close();
    running.close();
  }

  @Test
  void executePipeline_afterTheWorkersStopped_isRefusedAsDraining() throws Exception {
    startStopped();

    StatusRuntimeException error = catchThrowableOfType(
        () -> PipelineServiceGrpc.newBlockingStub(channel).executePipeline(
            ExecutionWire.toProto(request(), "v1")),
        StatusRuntimeException.class);

    assertRefusedAsDraining(error);
  }

  @Test
  void streamOpen_afterTheWorkersStopped_isRefusedAsDraining() throws Exception {
    startStopped();
    RawStreamCall call = RawStreamCall.start(channel);

    call.requests.onNext(StreamWire.open(
        OpenStreamRequest.of(ServiceLoopback.HALF_GAIN, MONO_48K), "v1"));

    StatusRuntimeException error = call.recorder.error();
    assertThat(call.recorder.kinds()).as("no ready: the stream did not open").isEmpty();
    assertRefusedAsDraining(error);
  }

  /** A chunk of a stream opened before the workers stopped, processed on a worker. */
  @Test
  void streamChunk_afterTheWorkersStopped_endsTheStreamAsDraining() throws Exception {
    ServiceLoopback onWorkers = new ServiceLoopback(new StreamSettings(
        StreamSettings.DEFAULT_IDLE_TIMEOUT_MS, StreamSettings.DEFAULT_MAX_SESSION_MS,
        ChunkThread.WORKERS));
    try (onWorkers) {
      startWithMetrics(onWorkers);
      RawStreamCall call = RawStreamCall.open(channel, """
          {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain",
            "params": {"gain_db": -6}}]}
          """);
      onWorkers.stopWorkers();

      call.chunk(0, new float[] {0.5f}, 0);

      StatusRuntimeException error = call.recorder.error();
      assertThat(call.recorder.kinds()).containsExactly(StreamResponse.KindCase.READY);
      assertDraining(error, "the server is shutting down and ended this stream before its"
          + " next message ran; reopen the stream, on another replica if there is one");
    }
  }

  @Test
  void explainPipeline_afterTheWorkersStopped_isRefusedAsDraining() throws Exception {
    startStopped();

    StatusRuntimeException error = catchThrowableOfType(
        () -> PipelineServiceGrpc.newBlockingStub(channel).explainPipeline(ExplainWire.toProto(
            ExplainRequest.of(ServiceLoopback.HALF_GAIN, "gain", MONO_48K, 4800), "v1")),
        StatusRuntimeException.class);

    assertRefusedAsDraining(error);
  }

  @Test
  void sdkExecute_withASecondReplica_isMadeAgainThereWhenTheStoppedOneRefusesIt()
      throws Exception {
    startTwoReplicas();

    callsUntilTheStoppedReplicaRefusedOne(client::execute);
  }

  @Test
  void sdkExecuteStreamed_withASecondReplica_isMadeAgainThereWhenTheStoppedOneRefusesIt()
      throws Exception {
    startTwoReplicas();

    callsUntilTheStoppedReplicaRefusedOne(client::executeStreamed);
  }

  /**
   * Makes {@code execute} calls until the stopped replica has refused one, and checks each
   * succeeded, with the running replica's result.
   */
  private void callsUntilTheStoppedReplicaRefusedOne(
      Function<ExecutionRequest, ExecutionResult> execute) throws Exception {
    float[] expected = running.runner.execute(request()).audioOutputs().get("gain").samples();
    for (int call = 0; call < MAX_CALLS && refusals("draining") == 0; call++) {
      ExecutionResult result = execute.apply(request());
      assertThat(result.audioOutputs().get("gain").samples()).as("call %d", call)
          .containsExactly(expected);
    }
    assertThat(refusals("draining")).as("calls the stopped replica refused").isPositive();
    assertThat(refusals("busy")).isZero();
  }

  private void startStopped() throws Exception {
    startWithMetrics(stopped);
    stopped.stopWorkers();
  }

  /** Starts {@code service} with the metrics the test reads, and a channel to it. */
  private void startWithMetrics(ServiceLoopback service) throws Exception {
    service.start(InlineExecution.OFF,
        List.of(ServerMetrics.register(stoppedMetrics).interceptor()));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext()
        .build();
  }

  private void startTwoReplicas() throws Exception {
    startStopped();
    running.start(InlineExecution.OFF);
    client = RemoteMediaClient.builder()
        .addresses(List.of("127.0.0.1:" + stopped.port(), "127.0.0.1:" + running.port()))
        .deadline(Duration.ofSeconds(30))
        .build();
  }

  private void assertRefusedAsDraining(StatusRuntimeException error) throws Exception {
    assertDraining(error, REFUSED);
  }

  /** Checks {@code error} is DRAINING with {@code message}, counted as such, not as busy. */
  private void assertDraining(StatusRuntimeException error, String message) throws Exception {
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    ErrorDetail detail = detailOf(error);
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_DRAINING);
    assertThat(detail.getMessage()).isEqualTo(message);
    // Counted when the call closes, after the client has its status.
    Await.until("the refusal is counted", 20,
        () -> refusals("draining") == 1);
    assertThat(refusals("busy")).isZero();
    assertThat(metric("worker_rejections_total")).isZero();
  }

  /** {@return the stopped replica's errors_total of {@code type}} */
  private double refusals(String type) {
    Double value = stoppedMetrics.getSampleValue("errors_total", new String[] {"type"},
        new String[] {type});
    return value == null ? 0 : value;
  }

  private double metric(String name) {
    Double value = stoppedMetrics.getSampleValue(name);
    return value == null ? 0 : value;
  }

  private static ExecutionRequest request() {
    float[] samples = new float[4800];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48000.0));
    }
    return ExecutionRequest.of(ServiceLoopback.HALF_GAIN, "gain",
        AudioBuffer.of(MONO_48K, samples));
  }
}
