package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.server.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ExecutePipeline response that its client does not read stays in the server's buffers
 * after the pipeline has given its memory back; it counts in {@code limits.total_memory_bytes}
 * until it is written or the call ends, so clients that do not read cannot stack responses
 * past the bound. A real server on loopback port 0; the client's flow-control window is 64 KiB
 * and it asks for no message, so the server can send no more than that.
 */
class UnreadResponsesTest {
  /** One second of 64 channels at 48 kHz: 12.3 MB in and out of a Gain. */
  private static final AudioFormat WIDE = AudioFormat.f32(48000, 64);
  private static final long RESPONSE_SAMPLES = 48_000L * 64;
  private static final PipelineManifest GAIN =
      ManifestBuilder.named("gain").node(NodeSpecs.gain("gain", 0)).build();

  @TempDir Path temp;
  private ConfiguredServer server;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void execute_responseNotRead_countsInTheTotalUntilReadOrCancelled() throws Exception {
    // 32 MiB: one call (its 12.3 MB of decoded input, and about 16.5 MB of buffers at the
    // pipeline's peak) fits, not a second beside an unread answer.
    server = start(32L << 20);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .flowControlWindow(65_535).maxInboundMessageSize(64 << 20).build();
    ExecuteRequest request = ExecutionWire.toProto(ExecutionRequest.of(GAIN, "gain",
        AudioBuffer.of(WIDE, new float[(int) RESPONSE_SAMPLES])), ProtocolVersions.CURRENT);

    Call unread = Call.start(channel, request);
    // The response's headers go out once it is built and held, its decoded input given back.
    unread.headers.get(30, TimeUnit.SECONDS);
    assertOnlyTheResponseHeld();
    Call refused = Call.start(channel, request);
    refused.read();
    Status second = refused.end.get(30, TimeUnit.SECONDS);
    assertThat(second.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(second.getDescription()).contains("total_memory_bytes");

    unread.read();
    assertThat(unread.end.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(unread.response.get(5, TimeUnit.SECONDS).getAudioOutputsMap().get("gain")
        .getSamples().size()).isEqualTo(RESPONSE_SAMPLES * Float.BYTES);
    Await.until("the read response given back", 10, () -> used() == 0);

    Call cancelled = Call.start(channel, request);
    cancelled.headers.get(30, TimeUnit.SECONDS);
    assertOnlyTheResponseHeld();
    cancelled.call.cancel("the client gives up", null);
    Await.until("the cancelled call's response given back", 10, () -> used() == 0);

    Call last = Call.start(channel, request);
    last.read();
    assertThat(last.end.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    Await.until("every response given back", 10, () -> used() == 0);
  }

  /** The serialized response, its samples and a little framing, is all the memory counts. */
  private void assertOnlyTheResponseHeld() {
    assertThat(used()).isBetween(RESPONSE_SAMPLES * Float.BYTES,
        RESPONSE_SAMPLES * Float.BYTES + 4096);
  }

  private long used() {
    return server.currentRunner().memory().usedBytes();
  }

  private ConfiguredServer start(long totalMemoryBytes) throws Exception {
    Path file = temp.resolve("config.yaml");
    Files.writeString(file, """
        server:
          port: 0
        metrics:
          port: 0
        limits:
          total_memory_bytes: %d
        """.formatted(totalMemoryBytes), StandardCharsets.UTF_8);
    return ConfiguredServer.start(ConfigLoader.builder().file(file).build());
  }

  /** One ExecutePipeline call that reads its response only when told to. */
  private record Call(ClientCall<ExecuteRequest, ExecuteResponse> call,
      CompletableFuture<Void> headers, CompletableFuture<ExecuteResponse> response,
      CompletableFuture<Status> end) {
    static Call start(ManagedChannel channel, ExecuteRequest request) {
      ClientCall<ExecuteRequest, ExecuteResponse> call = channel.newCall(
          PipelineServiceGrpc.getExecutePipelineMethod(),
          CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
      Call started = new Call(call, new CompletableFuture<>(), new CompletableFuture<>(),
          new CompletableFuture<>());
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onHeaders(Metadata headers) {
          started.headers.complete(null);
        }

        @Override
        public void onMessage(ExecuteResponse message) {
          started.response.complete(message);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          started.end.complete(status);
        }
      }, new Metadata());
      call.sendMessage(request);
      call.halfClose();
      return started;
    }

    void read() {
      call.request(1);
    }
  }
}
