package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PassThroughNodeFactory;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.server.internal.logging.CapturedLog;
import io.remotemedia.server.internal.logging.RequestId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server.inline_max_node_samples}: small PCM requests alone in flight run on the
 * transport thread that read them; large ones, and small ones beside other calls, run on a
 * worker. The server's own runner ({@link ReloadableRunner}) with two test node
 * types: one that notes the thread it runs on, one that holds its thread until released. Real
 * Netty server on loopback port 0.
 */
class InlineExecutionEndToEndTest {
  private static final Logger LOG = LogManager.getLogger(InlineExecutionEndToEndTest.class);
  private static final long LIMIT = 48_000;
  private static final AudioFormat MONO = AudioFormat.f32(48_000, 1);
  private static final PipelineManifest NOTE = manifest("""
      nodes:
        - {id: note, node_type: TestNoteThread}
      """);
  private static final PipelineManifest NOTE_THEN_GAIN = manifest("""
      nodes:
        - {id: note, node_type: TestNoteThread}
        - {id: gain, node_type: Gain, params: {gain_db: -6}}
      connections:
        - {from: note, to: gain}
      """);
  private static final PipelineManifest GAIN = manifest("""
      nodes:
        - {id: gain, node_type: Gain, params: {gain_db: -6}}
      """);
  private static final PipelineManifest NOTE_THEN_UP = manifest("""
      nodes:
        - {id: note, node_type: TestNoteThread}
        - {id: up, node_type: AudioResample, params: {target_sample_rate: 192000}}
      connections:
        - {from: note, to: up}
      """);
  private static final PipelineManifest HOLD = manifest("""
      nodes:
        - {id: hold, node_type: TestHold}
      """);

  private final Queue<Thread> noted = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch held = new CountDownLatch(1);
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private LocalPipelineRunner runner;
  private int port;

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  @Test
  void requestAtTheLimit_runsOnTheTransportThread_andOneSampleMoreOnAWorker() {
    RemoteMediaClient client = start(LIMIT, 2);

    ExecutionResult inline = client.execute(request(NOTE, (int) LIMIT));
    Thread inlineThread = lastNoted();
    ExecutionResult onWorker = client.execute(request(NOTE, (int) LIMIT + 1));
    Thread workerThread = lastNoted();
    client.execute(request(NOTE, 160));
    Thread thirdThread = lastNoted();

    assertThat(inlineThread).as("the request at the limit ran on a Netty event loop")
        .isInstanceOf(FastThreadLocalThread.class);
    assertThat(workerThread.getName()).as("one sample more ran on a worker")
        .startsWith("remotemedia-worker-");
    assertThat(thirdThread).as("the calls before ended: this one is alone in flight again")
        .isInstanceOf(FastThreadLocalThread.class);
    assertThat(inline.audio("note").frameCount()).isEqualTo(LIMIT);
    assertThat(onWorker.audio("note").frameCount()).isEqualTo(LIMIT + 1);
  }

  @Test
  void nodeCount_multipliesTheSamples() {
    RemoteMediaClient client = start(LIMIT, 2);

    client.execute(request(NOTE_THEN_GAIN, (int) LIMIT / 2));
    Thread half = lastNoted();
    client.execute(request(NOTE_THEN_GAIN, (int) LIMIT / 2 + 1));
    Thread overHalf = lastNoted();

    assertThat(half).as("2 nodes x 24,000 samples").isInstanceOf(FastThreadLocalThread.class);
    assertThat(overHalf.getName()).as("2 nodes x 24,001 samples")
        .startsWith("remotemedia-worker-");
  }

  @Test
  void resamplingUp_countsAtTheOutputRate() {
    RemoteMediaClient client = start(LIMIT, 2);

    client.execute(request(NOTE_THEN_UP, 8_000));
    Thread small = lastNoted();
    client.execute(request(NOTE_THEN_UP, 12_000));
    Thread large = lastNoted();

    assertThat(small).as("8,000 + 32,000 samples (48 to 192 kHz), and the filter's tail")
        .isInstanceOf(FastThreadLocalThread.class);
    assertThat(large.getName()).as("12,000 + 48,000 samples: inputs within 48,000, work not")
        .startsWith("remotemedia-worker-");
  }

  @Test
  void limit0_runsEveryRequestOnAWorker() {
    RemoteMediaClient client = start(0, 2);

    client.execute(request(NOTE, 160));

    assertThat(lastNoted().getName()).startsWith("remotemedia-worker-");
  }

  @Test
  void smallRequests_whileAnotherCallIsInFlight_runOnWorkers_andTheTransportThreadStaysFree()
      throws Exception {
    RemoteMediaClient client = start(LIMIT, 1);
    // Too large to run inline: it takes the only slot on a worker and holds it.
    CompletableFuture<ExecutionResult> holding =
        client.executeAsync(request(HOLD, (int) LIMIT + 1));
    assertThat(held.await(30, TimeUnit.SECONDS)).as("the hold node runs").isTrue();

    CompletableFuture<ExecutionResult> small = client.executeAsync(request(NOTE, 160));
    // Both reach the runner's queue: the connection's transport thread was not held up.
    CompletableFuture<ExecutionResult> third = client.executeAsync(request(NOTE, 160));
    Await.until("both small calls wait for the slot", 30,
        () -> runner.admission().waiting() == 2);
    release.countDown();

    assertThat(holding.get(30, TimeUnit.SECONDS).audio("hold").frameCount())
        .isEqualTo(LIMIT + 1);
    assertThat(small.get(30, TimeUnit.SECONDS).audio("note").frameCount()).isEqualTo(160);
    assertThat(third.get(30, TimeUnit.SECONDS).audio("note").frameCount()).isEqualTo(160);
    assertThat(noted).hasSize(2).allSatisfy(thread ->
        assertThat(thread.getName()).startsWith("remotemedia-worker-"));
  }

  @Test
  void smallRequest_whileAStreamIsOpen_runsOnAWorker_andOnTheTransportThreadOnceItHasEnded()
      throws Exception {
    RemoteMediaClient client = start(LIMIT, 2);
    RemoteStreamSession session = client.openSession(OpenStreamRequest.of(GAIN, MONO));

    client.execute(request(NOTE, 160));
    Thread besideTheStream = lastNoted();
    session.finish().get(30, TimeUnit.SECONDS);

    assertThat(besideTheStream.getName()).as("a stream open: its chunks share transport threads")
        .startsWith("remotemedia-worker-");
    // The server forgets the session as it ends it, which may come just after the client has
    // the final result.
    Await.until("a request runs on the transport thread again", 30, () -> {
      client.execute(request(NOTE, 160));
      return lastNoted() instanceof FastThreadLocalThread;
    });
  }

  @Test
  void inlineRequest_linesLoggedWhileItRuns_carryItsRequestId() throws Exception {
    start(LIMIT, 2);
    CapturedLog log = CapturedLog.start("inline-request-id");
    try {
      RemoteMediaClient.forChannel(channelWithRequestId("req-inline"))
          .execute(request(NOTE, 160));

      assertThat(lastNoted()).isInstanceOf(FastThreadLocalThread.class);
      assertThat(log.text().lines().filter(line -> line.contains("inside TestNoteThread")))
          .singleElement().satisfies(line -> assertThat(line)
              .contains("\"request_id\":\"req-inline\""));
      assertThat(log.accessLines()).filteredOn(line -> line.contains("ExecutePipeline"))
          .singleElement().satisfies(line -> assertThat(line)
              .contains("\"request_id\":\"req-inline\"").contains("\"status\":\"OK\""));
    } finally {
      log.close();
    }
  }

  private ManagedChannel channelWithRequestId(String requestId) throws InterruptedException {
    Metadata headers = new Metadata();
    headers.put(RequestId.HEADER, requestId);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
    cleanup.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private RemoteMediaClient start(long inlineMaxNodeSamples, int slots) {
    List<NodeFactory> factories = new ArrayList<>(NodeRegistry.standard().factories());
    factories.add(new PassThroughNodeFactory("TestNoteThread",
        "Notes the thread it runs on, and logs a line.", () -> {
          noted.add(Thread.currentThread());
          LOG.info("inside TestNoteThread");
        }));
    factories.add(new PassThroughNodeFactory("TestHold",
        "Holds its thread until the test releases it.", this::hold));
    runner = LocalPipelineRunner.builder().registry(NodeRegistry.of(factories))
        .maxConcurrent(slots).build();
    RemoteMediaServer server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        new ReloadableRunner(runner), new ServerSettings(16 << 20, inlineMaxNodeSamples),
        StreamSettings.defaults());
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cleanup.add(() -> server.shutdown(Duration.ofSeconds(5)));
    port = server.port();
    RemoteMediaClient client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(60)).build();
    cleanup.add(client::close);
    return client;
  }

  private void hold() {
    held.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Thread lastNoted() {
    Thread last = null;
    for (Thread thread : noted) {
      last = thread;
    }
    assertThat(last).as("the TestNoteThread node ran").isNotNull();
    return last;
  }

  private static ExecutionRequest request(PipelineManifest manifest, int frames) {
    return ExecutionRequest.of(manifest, manifest.nodes().get(0).id(),
        AudioBuffer.of(MONO, new float[frames]));
  }

  private static PipelineManifest manifest(String graph) {
    return new ManifestParser().parse("version: v1\nmetadata: {name: inline}\n" + graph);
  }
}
