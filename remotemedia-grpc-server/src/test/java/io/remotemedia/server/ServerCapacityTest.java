package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PassThroughNodeFactory;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.metrics.Exposition;
import io.remotemedia.server.metrics.ServerMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's capacity is set in one place, the configuration, and checked in one place, the
 * runner's admission: {@code server.worker_threads} calls run at once whatever the core count,
 * {@code server.worker_queue_capacity} more wait, and {@code streams.max_open} streams may be
 * open. A stream's open plans its pipeline in one of the same execution slots, so opens cannot
 * plan past them. Real Netty servers on loopback port 0.
 */
class ServerCapacityTest {
  private static final AudioFormat MONO = AudioFormat.f32(8000, 1);
  private static final PipelineManifest HOLD = new ManifestParser().parse("""
      version: v1
      metadata: {name: hold}
      nodes:
        - {id: hold, node_type: TestHold}
      """);
  private static final String ONE_SLOT_ONE_QUEUED = """
      server:
        port: 0
        worker_threads: 1
        worker_queue_capacity: 1
      """;
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      version: v1
      metadata: {name: gain}
      nodes:
        - {id: gain, node_type: Gain, params: {gain_db: 0}}
      """);

  @TempDir Path temp;
  private final HoldNodeFactory hold = new HoldNodeFactory();
  private final PlannedNodeFactory planned = new PlannedNodeFactory();
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    hold.release.countDown();
    planned.gate.countDown();
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  @Test
  void workerThreads8_onAnyCoreCount_runs8CallsAtOnceQueuesOneAndRefusesTheNext()
      throws Exception {
    Started started = startWithTestNodes("""
        server:
          port: 0
          worker_threads: 8
          worker_queue_capacity: 1
        """, new CollectorRegistry());
    LocalPipelineRunner runner = started.runner();
    RemoteMediaClient client = client(started.server().port());

    List<CompletableFuture<ExecutionResult>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(client.executeAsync(holdRequest()));
    }
    Await.until("8 pipelines inside the node at once", 30, () -> hold.inside.get() == 8);
    assertThat(runner.admission().active()).isEqualTo(8);

    calls.add(client.executeAsync(holdRequest()));
    Await.until("the 9th call waits for a slot", 30, () -> runner.admission().waiting() == 1);

    assertThatThrownBy(() -> client.execute(holdRequest()))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            busy("all 8 execution slots are busy and 1 requests are already waiting"));
    assertThat(hold.inside).as("the queued call has not started").hasValue(8);

    hold.release.countDown();
    for (CompletableFuture<ExecutionResult> call : calls) {
      assertThat(call.get(30, TimeUnit.SECONDS).audio("hold").frameCount()).isEqualTo(160);
    }
    assertThat(hold.entered).as("the 8 running and the queued one").hasValue(9);
    assertThat(hold.mostInside).as("never more than worker_threads at once").hasValue(8);
  }

  @Test
  void streamsMaxOpen1500_opens1500StreamsAndRefusesThe1501st() throws Exception {
    ConfiguredServer server = ConfiguredServer.start(ConfigLoader.builder().file(write("""
        server:
          port: 0
          worker_threads: 8
          worker_queue_capacity: 3
        streams:
          max_open: 1500
        metrics:
          port: 0
        """)).build());
    cleanup.add(() -> server.shutdown(Duration.ofSeconds(5)));
    RemoteMediaClient client = client(server.port());
    Exposition metrics = Exposition.scrape(server.metricsPort().orElseThrow());
    assertThat(metrics.value("max_open_streams")).isEqualTo(1500);
    assertThat(metrics.value("worker_queue_capacity")).isEqualTo(3);
    LocalPipelineRunner runner = server.currentRunner();
    assertThat(runner.admission().maxConcurrent()).isEqualTo(8);

    List<PipelineStream> open = new ArrayList<>();
    cleanup.add(() -> open.forEach(PipelineStream::close));
    // Opened from a few threads: each open waits for its ready, a round trip.
    ExecutorService openers = Executors.newFixedThreadPool(8);
    cleanup.add(openers::shutdownNow);
    List<Future<PipelineStream>> opening = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      opening.add(openers.submit(() -> client.openStream(OpenStreamRequest.of(GAIN, MONO))));
    }
    for (Future<PipelineStream> stream : opening) {
      open.add(stream.get(60, TimeUnit.SECONDS));
    }
    assertThat(runner.streams().active()).isEqualTo(1500);
    assertThat(Exposition.scrape(server.metricsPort().orElseThrow()).value("active_streams"))
        .isEqualTo(1500);

    assertThatThrownBy(() -> client.openStream(OpenStreamRequest.of(GAIN, MONO)))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            busy("all 1500 stream slots are taken"));
    PipelineStream last = open.get(open.size() - 1);
    assertThat(last.push(0, AudioBuffer.of(MONO, new float[160])).audioOutputs().get("gain")
        .frameCount())
        .as("the open streams still work").isEqualTo(160);
  }

  @Test
  void streamOpen_withTheOneExecutionSlotHeld_waitsInTheQueueOrIsRefusedAsAUnaryCallIs()
      throws Exception {
    CollectorRegistry metrics = new CollectorRegistry();
    RemoteMediaServer server = startWithTestNodes(ONE_SLOT_ONE_QUEUED, metrics).server();
    RemoteMediaClient client = client(server.port());
    CompletableFuture<ExecutionResult> holding = client.executeAsync(holdRequest());
    Await.until("the unary call holds the one slot", 30, () -> hold.inside.get() == 1);

    ExecutorService opener = Executors.newSingleThreadExecutor();
    cleanup.add(opener::shutdownNow);
    Future<PipelineStream> waiting = opener.submit(
        () -> client.openStream(OpenStreamRequest.of(planned.manifest, MONO)));
    Await.until("the stream's open waits for an execution slot", 30,
        () -> gauge(metrics, "worker_queue_depth") == 1);
    assertThat(gauge(metrics, "worker_active_threads")).as("the unary call's slot alone")
        .isEqualTo(1);
    assertThat(planned.configured).as("the waiting open has planned nothing").hasValue(0);

    assertThatThrownBy(() -> client.openStream(OpenStreamRequest.of(planned.manifest, MONO)))
        .isInstanceOfSatisfying(RemoteMediaException.class, busy(
            "all 1 execution slots are busy and 1 requests are already waiting"));
    Await.until("the refusal is counted", 30, () -> metrics.getSampleValue("errors_total",
        new String[] {"type"}, new String[] {"busy"}) == 1);
    assertThat(planned.configured).as("the refused open has planned nothing").hasValue(0);

    hold.release.countDown();
    assertThat(holding.get(30, TimeUnit.SECONDS).audio("hold").frameCount()).isEqualTo(160);
    try (PipelineStream stream = waiting.get(30, TimeUnit.SECONDS)) {
      assertThat(planned.configured).hasValue(1);
      assertThat(planned.slotsInUseWhilePlanned).as("the open planned in the slot")
          .hasValue(1);
      Await.until("the slot is given back once the stream is open", 30,
          () -> gauge(metrics, "worker_active_threads") == 0);
      assertThat(server.openStreamCount()).isEqualTo(1);
      assertThat(stream.push(0, AudioBuffer.of(MONO, new float[160])).audioOutputs()
          .get("planned").frameCount()).isEqualTo(160);
    }
  }

  @Test
  void streamOpen_withoutATimeout_waitsForASlotTheDefaultTimeout_notTheMaximum()
      throws Exception {
    RemoteMediaServer server = startWithTestNodes(ONE_SLOT_ONE_QUEUED + """
        limits:
          defaults: {timeout_ms: 300}
          maximums: {timeout_ms: 600000}
        """, new CollectorRegistry()).server();
    RemoteMediaClient client = client(server.port());
    CompletableFuture<ExecutionResult> holding = client.executeAsync(new ExecutionRequest(
        HOLD, Map.of("hold", AudioBuffer.of(MONO, new float[160])),
        new ExecutionLimits(60_000, 0, 0)));
    Await.until("the unary call holds the one slot", 30, () -> hold.inside.get() == 1);

    ExecutorService opener = Executors.newSingleThreadExecutor();
    cleanup.add(opener::shutdownNow);
    Future<PipelineStream> opening = opener.submit(
        () -> client.openStream(OpenStreamRequest.of(planned.manifest, MONO)));
    Throwable refused = assertThatThrownBy(() -> opening.get(30, TimeUnit.SECONDS))
        .as("refused within limits.defaults.timeout_ms, long before the maximum's 600 s")
        .isInstanceOf(ExecutionException.class).actual().getCause();
    assertThat(refused).isInstanceOfSatisfying(RemoteMediaException.class,
        busy("no execution slot freed up within 300 ms"));
    assertThat(planned.configured).as("the refused open has planned nothing").hasValue(0);

    hold.release.countDown();
    assertThat(holding.get(30, TimeUnit.SECONDS).audio("hold").frameCount()).isEqualTo(160);
  }

  @Test
  void streamOpen_whilePlanned_holdsTheOneExecutionSlot_soAUnaryCallWaits() throws Exception {
    CollectorRegistry metrics = new CollectorRegistry();
    RemoteMediaClient client = client(
        startWithTestNodes(ONE_SLOT_ONE_QUEUED, metrics).server().port());
    planned.gate = new CountDownLatch(1);
    ExecutorService opener = Executors.newSingleThreadExecutor();
    cleanup.add(opener::shutdownNow);
    Future<PipelineStream> opening = opener.submit(
        () -> client.openStream(OpenStreamRequest.of(planned.manifest, MONO)));
    Await.until("the stream's open is being planned", 30, () -> planned.configured.get() == 1);
    assertThat(gauge(metrics, "worker_active_threads")).as("the plan holds the slot")
        .isEqualTo(1);

    CompletableFuture<ExecutionResult> unary = client.executeAsync(
        ExecutionRequest.of(GAIN, "gain", AudioBuffer.of(MONO, new float[160])));
    Await.until("the unary call waits for the slot", 30,
        () -> gauge(metrics, "worker_queue_depth") == 1);
    assertThat(unary).isNotDone();

    planned.gate.countDown();
    try (PipelineStream stream = opening.get(30, TimeUnit.SECONDS)) {
      assertThat(unary.get(30, TimeUnit.SECONDS).audio("gain").frameCount()).isEqualTo(160);
      assertThat(stream.sessionId()).isNotEmpty();
    }
  }

  @Test
  void everyRefusalForCapacity_ofEveryMethod_countsInWorkerRejections() throws Exception {
    CollectorRegistry metrics = new CollectorRegistry();
    RemoteMediaClient client = client(startWithTestNodes("""
        server:
          port: 0
          worker_threads: 1
          worker_queue_capacity: 1
        streams:
          max_open: 2
        """, metrics).server().port());
    PipelineStream first = client.openStream(OpenStreamRequest.of(GAIN, MONO));
    cleanup.add(first::close);
    PipelineStream second = client.openStream(OpenStreamRequest.of(GAIN, MONO));
    assertThatThrownBy(() -> client.openStream(OpenStreamRequest.of(GAIN, MONO)))
        .isInstanceOfSatisfying(RemoteMediaException.class, busy("all 2 stream slots are taken"));
    second.close();
    // One unary call runs in the one execution slot and one waits: the queue is full.
    List<CompletableFuture<ExecutionResult>> calls =
        List.of(client.executeAsync(holdRequest()), client.executeAsync(holdRequest()));
    Await.until("one call runs and one waits", 30,
        () -> hold.inside.get() == 1 && gauge(metrics, "worker_queue_depth") == 1);
    String queueFull = "all 1 execution slots are busy and 1 requests are already waiting";

    assertThatThrownBy(() -> client.openStream(OpenStreamRequest.of(GAIN, MONO)))
        .isInstanceOfSatisfying(RemoteMediaException.class, busy(queueFull));
    assertThatThrownBy(() -> client.explain(ExplainRequest.of(GAIN, "gain", MONO, 160)))
        .isInstanceOfSatisfying(RemoteMediaException.class, busy(queueFull));
    assertThatThrownBy(() -> client.execute(holdRequest()))
        .isInstanceOfSatisfying(RemoteMediaException.class, busy(queueFull));

    Await.until("the four refusals are counted as busy errors", 30,
        () -> metrics.getSampleValue("errors_total", new String[] {"type"},
            new String[] {"busy"}) == 4);
    assertThat(gauge(metrics, "worker_rejections_total"))
        .as("stream slots full, and a stream open, an explanation and a unary call refused"
            + " with the queue full").isEqualTo(4);
    hold.release.countDown();
    for (CompletableFuture<ExecutionResult> call : calls) {
      assertThat(call.get(30, TimeUnit.SECONDS).audio("hold").frameCount()).isEqualTo(160);
    }
  }

  /** The refusal of a call past the runner's capacity, whose message says which limit. */
  private static Consumer<RemoteMediaException> busy(String limit) {
    return e -> {
      assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
      assertThat(e.retryAfterMs()).isPositive();
      assertThat(e.getMessage()).contains(limit);
    };
  }

  private static double gauge(CollectorRegistry metrics, String name) {
    Double value = metrics.getSampleValue(name);
    if (value == null) {
      throw new AssertionError(name + " is not exported");
    }
    return value;
  }

  /**
   * Starts a server configured by {@code yaml} whose runner knows the test node types and whose
   * metrics go to {@code metrics}.
   */
  private Started startWithTestNodes(String yaml, CollectorRegistry metrics) throws Exception {
    RemoteMediaConfig config = load(yaml);
    LocalPipelineRunner runner = ConfiguredServer.runnerBuilder(config)
        .registry(withHoldNode())
        .build();
    planned.runner = runner;
    ServerMetrics serverMetrics = ServerMetrics.register(metrics);
    serverMetrics.bindAdmission(runner.admission());
    RemoteMediaServer server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
        ServerSettings.of(config.server()), Observability.defaults().withMetrics(serverMetrics),
        config.streams().sessions()).start();
    cleanup.add(() -> server.shutdown(Duration.ofSeconds(5)));
    return new Started(server, runner);
  }

  private record Started(RemoteMediaServer server, LocalPipelineRunner runner) {}

  private RemoteMediaConfig load(String yaml) throws Exception {
    return ConfigLoader.builder().file(write(yaml)).build().load().orThrow();
  }

  private Path write(String yaml) throws Exception {
    Path file = temp.resolve("config.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private RemoteMediaClient client(int port) {
    RemoteMediaClient client = RemoteMediaClient.builder().target("127.0.0.1:" + port)
        .deadline(Duration.ofSeconds(60)).build();
    cleanup.add(client::close);
    return client;
  }

  private static ExecutionRequest holdRequest() {
    return ExecutionRequest.of(HOLD, "hold", AudioBuffer.of(MONO, new float[160]));
  }

  private NodeRegistry withHoldNode() {
    List<NodeFactory> factories = new ArrayList<>(NodeRegistry.standard().factories());
    factories.add(hold.factory());
    factories.add(planned.factory());
    return NodeRegistry.of(factories);
  }

  /** A node type whose processing waits for {@link #release}, counting who is inside. */
  private static final class HoldNodeFactory {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger mostInside = new AtomicInteger();
    final AtomicInteger entered = new AtomicInteger();

    NodeFactory factory() {
      return new PassThroughNodeFactory("TestHold",
          "Passes audio through once the test releases it.", this::hold);
    }

    private void hold() {
      entered.incrementAndGet();
      mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inside.decrementAndGet();
      }
    }
  }

  /**
   * A node type that records, each time it is configured (while a plan is made), the execution
   * slots in use, and then waits for {@link #gate} if the test has closed it.
   */
  private static final class PlannedNodeFactory {
    final PipelineManifest manifest = new ManifestParser().parse("""
        version: v1
        metadata: {name: planned}
        nodes:
          - {id: planned, node_type: TestPlanned}
        """);
    final AtomicInteger configured = new AtomicInteger();
    final AtomicInteger slotsInUseWhilePlanned = new AtomicInteger(-1);
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile LocalPipelineRunner runner;

    NodeFactory factory() {
      return new PassThroughNodeFactory("TestPlanned",
          "Records the execution slots in use while it is planned.", this::plan, () -> { });
    }

    private void plan() {
      slotsInUseWhilePlanned.set(runner.admission().active());
      configured.incrementAndGet();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
