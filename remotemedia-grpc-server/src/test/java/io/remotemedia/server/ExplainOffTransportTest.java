package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PassThroughNodeFactory;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ExplainPipeline plans a pipeline (a plan of 255 very_high resamplers to odd rates designs
 * filters for seconds), so it runs on a worker in the runner's capacity, not on the transport
 * thread that reads and answers every other call of its connection. A real Netty server on
 * loopback port 0, and a node type whose configure waits for the test.
 */
class ExplainOffTransportTest {
  private static final PipelineManifest SLOW_PLAN = new ManifestParser().parse("""
      version: v1
      metadata: {name: slow-plan}
      nodes:
        - {id: slow, node_type: TestSlowPlan}
      """);

  private static final PipelineManifest ERROR_PLAN = new ManifestParser().parse("""
      version: v1
      metadata: {name: error-plan}
      nodes:
        - {id: broken, node_type: TestErrorPlan}
      """);

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger planning = new AtomicInteger();
  private RemoteMediaServer server;
  private RemoteMediaClient client;

  @AfterEach
  void tearDown() {
    release.countDown();
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void explain_slowPlan_leavesItsConnectionServingAndTakesAnExecutionSlot() throws Exception {
    LocalPipelineRunner runner = LocalPipelineRunner.builder()
        .registry(withSlowPlanNode())
        .maxConcurrent(2)
        .build();
    server = start(runner);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(10)).build();

    CompletableFuture<Explanation> slow = CompletableFuture.supplyAsync(() -> client.explain(
        ExplainRequest.of(SLOW_PLAN, "slow", AudioFormat.f32(16000, 1), 16000)));
    Await.until("the explanation planning", 30, () -> planning.get() == 1);

    // The same client, so the same connection and transport thread: answered meanwhile.
    assertThat(client.nodeTypes()).extracting(type -> type.nodeType()).contains("TestSlowPlan");
    assertThat(runner.admission().active()).as("the explanation's slot").isEqualTo(1);
    assertThat(slow).isNotDone();

    release.countDown();
    assertThat(slow.get(30, TimeUnit.SECONDS).admitted()).isTrue();
    assertThat(runner.admission().active()).isZero();
  }

  @Test
  void explain_errorWhilePlanning_isAnsweredInternal() {
    LocalPipelineRunner runner = LocalPipelineRunner.builder().registry(withSlowPlanNode()).build();
    server = start(runner);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(10)).build();

    // An Error (as out of memory would be) on the worker: answered, not left to the deadline.
    assertThatThrownBy(() -> client.explain(
            ExplainRequest.of(ERROR_PLAN, "broken", AudioFormat.f32(16000, 1), 16000)))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.getMessage()).contains("the server log has the details");
        });
    assertThat(runner.admission().active()).isZero();
  }

  private NodeRegistry withSlowPlanNode() {
    List<NodeFactory> factories = new ArrayList<>(NodeRegistry.standard().factories());
    factories.add(new PassThroughNodeFactory("TestSlowPlan",
        "Plans once the test releases it.", this::plan, () -> { }));
    factories.add(new PassThroughNodeFactory("TestErrorPlan",
        "Throws an Error when planned.", () -> {
          throw new AssertionError("a test Error while planning");
        }, () -> { }));
    return NodeRegistry.of(factories);
  }

  private static RemoteMediaServer start(LocalPipelineRunner runner) {
    try {
      return new RemoteMediaServer(
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
          ServerSettings.defaults(1 << 20)).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void plan() {
    planning.incrementAndGet();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
