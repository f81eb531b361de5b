package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends {@code open} and half-closes at once, as a client that gives up or a
 * script does: the open's own answer comes first. Before, the half-close, which arrives while
 * the open is still handled on a worker, won that race about four times in five, and a bad
 * open was answered "the client half-closed the stream without sending close or cancel"
 * (found by an attack on the wire, 2026-12-07).
 */
class StreamOpenHalfCloseTest {
  private static final AudioFormat MONO = AudioFormat.f32(48000, 1);
  @RegisterExtension final LoopbackServer loopback = new LoopbackServer();
  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", loopback.server().port())
        .usePlaintext().build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void badOpenThenHalfClose_isAnsweredWithTheOpensOwnError_everyTime() throws Exception {
    PipelineManifest unknownType = new ManifestParser().parse(
        "{\"version\": \"v1\", \"nodes\": [{\"id\": \"a\", \"node_type\": \"Gian\"}]}");
    for (int i = 0; i < 10; i++) {
      Outcome outcome = openAndHalfClose(unknownType);
      assertThat(outcome.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(outcome.status.getDescription()).contains("unknown node type \"Gian\"");
      assertThat(outcome.responses).isEmpty();
    }
  }

  @Test
  void goodOpenThenHalfClose_isReadyThenTheHalfClosesError() throws Exception {
    PipelineManifest gain = ManifestBuilder.named("g")
        .chain(NodeSpecs.gain("gain", -6)).build();
    for (int i = 0; i < 5; i++) {
      Outcome outcome = openAndHalfClose(gain);
      assertThat(outcome.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(outcome.status.getDescription())
          .isEqualTo("the client half-closed the stream without sending close or cancel");
      assertThat(outcome.responses).hasSize(1);
      assertThat(outcome.responses.get(0).hasReady()).isTrue();
    }
  }

  private Outcome openAndHalfClose(PipelineManifest manifest) throws Exception {
    ClientCall<StreamRequest, StreamResponse> call = channel.newCall(
        PipelineServiceGrpc.getStreamPipelineMethod(), CallOptions.DEFAULT);
    List<StreamResponse> responses = new CopyOnWriteArrayList<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(StreamResponse message) {
        responses.add(message);
        call.request(1);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(StreamWire.open(OpenStreamRequest.of(manifest, MONO),
        ProtocolVersions.CURRENT));
    call.halfClose();
    return new Outcome(closed.get(30, TimeUnit.SECONDS), responses);
  }

  private record Outcome(Status status, List<StreamResponse> responses) {}
}
