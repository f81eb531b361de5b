package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.server.lifecycle.DrainSettings;
import io.remotemedia.server.metrics.Exposition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped nginx configuration ({@code docs/deploy/nginx.conf}) in front of three replicas,
 * all real processes on loopback. The client is a plain gRPC channel with retries off, as a
 * client in another language has: whatever fails through the proxy fails the call.
 */
class ProxyIT {
  static final DrainSettings DRAIN =
      new DrainSettings(Duration.ofMillis(500), Duration.ofSeconds(10));
  private static final AudioFormat MONO_44K = AudioFormat.f32(44100, 1);
  private static final Map<String, String> EXECUTE_OK =
      Map.of("method", "ExecutePipeline", "code", "OK");
  private static final Map<String, String> STREAM_OK =
      Map.of("method", "StreamPipeline", "code", "OK");

  // Kept when a test fails: the replicas' and nginx's logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path temp;
  private ProxiedFleet fleet;
  private List<ServerProcess> replicas;
  private NginxProxy proxy;
  private RemoteMediaClient client;

  @BeforeEach
  void startFleet() throws Exception {
    fleet = ProxiedFleet.start(temp, 3, DRAIN);
    replicas = fleet.replicas();
    proxy = fleet.proxy();
    client = fleet.client();
  }

  @AfterEach
  void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  /**
   * Four threads call {@code client} back to back; {@code draining} gets SIGTERM and must exit
   * 0; the calls go on until 40 more have succeeded after its exit.
   *
   * @return the calls that failed
   */
  static List<RemoteMediaException> callsAcrossDrain(RemoteMediaClient client,
      ServerProcess draining) throws Exception {
    try (UnaryCallLoad load = UnaryCallLoad.start(client, 4)) {
      load.awaitSucceeded(40, Duration.ofSeconds(30));
      draining.terminate();
      assertThat(draining.awaitExit(Duration.ofSeconds(20))).as("exit code").isZero();
      int atExit = load.succeeded();
      load.awaitSucceeded(atExit + 40, Duration.ofSeconds(30));
      load.close();
      return load.failures();
    }
  }

  @Test
  void proxy_spreadsCallsOverEveryReplica_andKeepsAStreamOnOne() throws Exception {
    ExecutionRequest request = UnaryCallLoad.request();
    for (int i = 0; i < 30; i++) {
      client.execute(request);
    }
    List<Exposition> afterUnary = scrapeAll();
    for (Exposition replica : afterUnary) {
      assertThat(replica.value("grpc_requests_total", EXECUTE_OK))
          .as("calls each replica answered, of 30; nginx log:%n%s", proxy.output())
          .isPositive();
    }
    assertThat(afterUnary.stream().mapToDouble(e -> e.value("grpc_requests_total", EXECUTE_OK))
        .sum()).isEqualTo(30);

    // One stream of 40 chunks, with unary calls between its chunks: the calls go to the
    // other replicas, the stream's chunks all reach the replica that took it.
    ExecutionResult tails;
    long framesOut = 0;
    try (PipelineStream stream = client.openStream(
        OpenStreamRequest.of(UnaryCallLoad.RESAMPLE, MONO_44K))) {
      for (int sequence = 0; sequence < 40; sequence++) {
        framesOut += stream.push(sequence, AudioBuffer.of(MONO_44K, new float[441]))
            .audioOutputs().get("resample").frameCount();
        client.execute(request);
      }
      tails = stream.finish();
    }
    framesOut += tails.audio("resample").frameCount();
    int expectedFrames = LocalPipelineRunner.create().execute(ExecutionRequest.of(
            UnaryCallLoad.RESAMPLE, "resample", AudioBuffer.of(MONO_44K, new float[40 * 441])))
        .audio("resample").frameCount();
    assertThat(framesOut).as("the stream's output, as one run of its input").isEqualTo(
        expectedFrames);

    List<Exposition> afterStream = scrapeAll();
    int streamReplicas = 0;
    for (int i = 0; i < replicas.size(); i++) {
      double streams = afterStream.get(i).value("grpc_requests_total", STREAM_OK);
      double chunks = afterStream.get(i).value("stream_chunks_total")
          - afterUnary.get(i).value("stream_chunks_total");
      double unary = afterStream.get(i).value("grpc_requests_total", EXECUTE_OK)
          - afterUnary.get(i).value("grpc_requests_total", EXECUTE_OK);
      if (streams > 0) {
        streamReplicas++;
        assertThat(streams).isEqualTo(1);
        assertThat(chunks).as("every chunk on the stream's replica").isEqualTo(40);
      } else {
        assertThat(chunks).as("no chunk on replica %d, which did not take the stream", i)
            .isZero();
        // least_conn: the replica busy with the stream is the last choice for other calls.
        assertThat(unary).as("unary calls on replica %d during the stream", i).isPositive();
      }
    }
    assertThat(streamReplicas).as("replicas that served the stream").isEqualTo(1);
  }

  @Test
  void proxy_replicaSigtermUnderLoad_noUnaryCallFails() throws Exception {
    ServerProcess draining = replicas.get(1);

    List<RemoteMediaException> failures = callsAcrossDrain(client, draining);

    // A replica that sent FIN with its last answer made nginx 1.22 reset that call about once
    // in 20 drains (LingeringCloseHandler; ProxyDrainLoop repeats this drain): none may fail.
    assertThat(failures).as("calls failed through the proxy; nginx log:%n%s", proxy.output())
        .isEmpty();
    String drainLog = draining.output();
    assertThat(drainLog).contains("\"event\":\"drain.done\"")
        .doesNotContain("\"event\":\"drain.forced\"");
    assertThat(drainLog.lines().filter(line -> line.contains("\"method\":\"ExecutePipeline\"")))
        .as("the drained replica's access log").isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("\"status\":\"OK\""));
    for (ServerProcess live : List.of(replicas.get(0), replicas.get(2))) {
      assertThat(live.scrape().value("grpc_requests_total", EXECUTE_OK)).isPositive();
    }
  }

  @Test
  void proxy_noReplicaReachable_answersUnavailableWithAMessage() throws Exception {
    for (ServerProcess replica : replicas) {
      replica.kill();
      replica.awaitExit(Duration.ofSeconds(10));
    }

    assertThatThrownBy(client::serverInfo).isInstanceOfSatisfying(RemoteMediaException.class,
        e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getMessage())
              .contains("no RemoteMedia replica is reachable through the proxy");
        });
  }

  private List<Exposition> scrapeAll() throws Exception {
    List<Exposition> scrapes = new ArrayList<>();
    for (ServerProcess replica : replicas) {
      scrapes.add(replica.scrape());
    }
    return scrapes;
  }
}
