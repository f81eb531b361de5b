package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PassThroughNodeFactory;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An Error (as out of memory or a stack overflow would be) while a stream opens or processes a
 * chunk, on either chunk thread: the client is answered INTERNAL at once, and the session gives
 * its stream slot back, instead of staying busy, unanswered, until the session's maximum age.
 * And a call cancelled while its open still plans: the planning stops. A real Netty server on
 * loopback port 0; the client's deadline is far beyond the test's wait.
 */
class StreamErrorEndToEndTest {
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);

  private LocalPipelineRunner runner;
  private RemoteMediaServer server;
  private RemoteMediaClient client;
  private ManagedChannel channel;
  private final AtomicInteger planned = new AtomicInteger();

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest
  @EnumSource(ChunkThread.class)
  void push_errorInAChunk_isAnsweredInternalAndFreesTheSlot(ChunkThread chunkThread)
      throws Exception {
    start(chunkThread);
    PipelineStream stream = client.openStream(OpenStreamRequest.of(manifest("TestErrorChunk"),
        MONO_16K));

    long started = System.nanoTime();
    assertThatThrownBy(() -> stream.push(0, AudioBuffer.of(MONO_16K, new float[320])))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.getMessage()).contains("the server log has the details");
        });

    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not timed out")
        .isLessThan(Duration.ofSeconds(20));
    Await.until("the session ends and gives its slot back", 20,
        () -> server.streams().openCount() == 0 && runner.streams().active() == 0);
  }

  @ParameterizedTest
  @EnumSource(ChunkThread.class)
  void open_errorWhilePlanning_isAnsweredInternalAndFreesTheSlot(ChunkThread chunkThread)
      throws Exception {
    start(chunkThread);

    assertThatThrownBy(() -> client.openStream(OpenStreamRequest.of(manifest("TestErrorPlan"),
            MONO_16K)))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.INTERNAL));

    Await.until("the session ends and gives its slot back", 20,
        () -> server.streams().openCount() == 0 && runner.streams().active() == 0);
  }

  @Test
  void cancel_whileTheOpenPlans_stopsPlanningAndGivesTheSlotBack() throws Exception {
    start(ChunkThread.TRANSPORT);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    RawStreamCall call = RawStreamCall.start(channel);
    call.requests.onNext(StreamWire.open(OpenStreamRequest.of(new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: a, node_type: TestSlowPlan}
          - {id: b, node_type: TestSlowPlan}
        connections:
          - {from: a, to: b}
        """), MONO_16K), "v1"));
    Await.until("the open plans node a, holding a stream slot", 20,
        () -> planned.get() == 1 && runner.streams().active() == 1);

    call.breakConnection();

    Await.until("the planning stops and gives the stream slot back", 5,
        () -> runner.streams().active() == 0);
    assertThat(planned).as("node b was never planned").hasValue(1);
    assertThat(server.streams().openCount()).isZero();
  }

  private void start(ChunkThread chunkThread) throws Exception {
    List<NodeFactory> factories = new ArrayList<>(NodeRegistry.standard().factories());
    factories.add(new PassThroughNodeFactory("TestErrorChunk", "Throws an Error on a chunk.",
        () -> {
          throw new AssertionError("a test Error in a chunk");
        }));
    factories.add(new PassThroughNodeFactory("TestErrorPlan", "Throws an Error when planned.",
        () -> {
          throw new AssertionError("a test Error while planning");
        }, () -> { }));
    factories.add(new PassThroughNodeFactory("TestSlowPlan", "Plans for 30 s unless"
        + " interrupted.", this::planSlowly, () -> { }));
    runner = LocalPipelineRunner.builder().registry(NodeRegistry.of(factories)).build();
    StreamSettings settings = new StreamSettings(StreamSettings.DEFAULT_IDLE_TIMEOUT_MS,
        StreamSettings.DEFAULT_MAX_SESSION_MS, chunkThread);
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()), settings);
    server.start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(30)).build();
  }

  private void planSlowly() {
    planned.incrementAndGet();
    try {
      Thread.sleep(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static PipelineManifest manifest(String nodeType) {
    return new ManifestParser().parse("""
        version: v1
        metadata: {name: error-test}
        nodes:
          - {id: n, node_type: %s}
        """.formatted(nodeType));
  }
}
