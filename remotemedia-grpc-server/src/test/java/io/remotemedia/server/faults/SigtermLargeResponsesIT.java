package io.remotemedia.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.Await;
import io.remotemedia.server.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 3: SIGTERM while many large (2 MiB) responses are in flight. Every call the
 * server accepted must complete OK at the client: before the fix, the server closed each
 * connection right after writing its last response, the client's WINDOW_UPDATEs hit a closed
 * socket, and the TCP reset destroyed responses the server had logged as OK.
 */
class SigtermLargeResponsesIT {
  private static final int ROUNDS = 3;
  private static final int CHANNELS = 4;
  private static final int CALLS = 24;
  /** 2 MiB of f32 stereo each way: 262,144 frames. */
  private static final int FRAMES = 262_144;
  private static final String CONFIG = """
      server:
        worker_threads: 2
        worker_queue_capacity: 128
        shutdown_grace_ms: 30000
      """;
  private static final PipelineManifest PIPELINE = new ManifestParser().parse("""
      {"version": "v1", "metadata": {"name": "large"},
       "nodes": [{"id": "a", "node_type": "Gain", "params": {"gain_db": 1}},
                 {"id": "b", "node_type": "Gain", "params": {"gain_db": -1}}],
       "connections": [{"from": "a", "to": "b"}]}
      """);
  /**
   * The clients' socket receive buffer. Small, so that the client reads slowly and the last
   * responses wait in the server's socket buffer when the server closes the connection: the
   * case where a TCP reset loses them.
   */
  private static final int CLIENT_RECEIVE_BUFFER_BYTES = 32 << 10;

  @TempDir Path temp;

  @Test
  void sigterm_withLargeResponsesInFlight_everyAcceptedCallCompletesOkAtTheClient()
      throws Exception {
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(48_000, 2), new float[FRAMES * 2]);
    ExecutionRequest request = ExecutionRequest.of(PIPELINE, "a", input);
    int acceptedTotal = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long startNanos = System.nanoTime();
      try (ServerProcess server = ServerProcess.builder(temp, "round-" + round).config(CONFIG)
          .jvmArgs("-Xmx512m").start()) {
        List<ManagedChannel> channels = new ArrayList<>();
        List<RemoteMediaClient> clients = new ArrayList<>();
        List<CompletableFuture<ExecutionResult>> calls = new ArrayList<>();
        try {
          for (int i = 0; i < CHANNELS; i++) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .maxInboundMessageSize(16 << 20)
                .withOption(ChannelOption.SO_RCVBUF, CLIENT_RECEIVE_BUFFER_BYTES)
                .build();
            channels.add(channel);
            RemoteMediaClient client = RemoteMediaClient.forChannel(channel);
            clients.add(client);
            client.serverInfo(); // connected and negotiated before the load
          }
          for (int i = 0; i < CALLS; i++) {
            calls.add(clients.get(i % CHANNELS).executeAsync(request));
          }
          Await.until("the first calls have completed", 30,
              () -> calls.stream().filter(CompletableFuture::isDone).count() >= CHANNELS);
          long sigtermNanos = System.nanoTime();
          server.terminate();

          int ok = 0;
          List<RemoteMediaException> failures = new ArrayList<>();
          for (CompletableFuture<ExecutionResult> call : calls) {
            try {
              ExecutionResult result = call.join();
              assertThat(result.audio("b").frameCount()).isEqualTo(FRAMES);
              ok++;
            } catch (CompletionException e) {
              failures.add((RemoteMediaException) e.getCause());
            }
          }
          long answeredNanos = System.nanoTime();
          assertThat(server.awaitExit(Duration.ofSeconds(45))).as("exit code").isZero();
          List<String> access = server.linesContaining("\"method\":\"ExecutePipeline\"");
          assertThat(access).as("the server's access lines, round %d", round)
              .allSatisfy(line -> assertThat(line).contains("\"status\":\"OK\""));
          // Every call the server took in and answered OK reached the client OK: none was
          // lost to a reset. The others never reached the server (refused after GOAWAY).
          assertThat(ok).as("calls OK at the client, round %d; failures: %s", round, failures)
              .isEqualTo(access.size());
          assertThat(failures).as("failures of calls the server never took in")
              .hasSize(CALLS - access.size())
              .allSatisfy(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("reset"));
          assertThat(server.output()).contains("\"event\":\"drain.done\"")
              .doesNotContain("\"event\":\"drain.forced\"");
          acceptedTotal += access.size();
          System.out.printf("round %d: %d of %d calls accepted and OK at the client; SIGTERM"
                  + " after %d ms, every call answered %d ms later, round %d ms%n",
              round, access.size(), CALLS, (sigtermNanos - startNanos) / 1_000_000,
              (answeredNanos - sigtermNanos) / 1_000_000,
              (System.nanoTime() - startNanos) / 1_000_000);
        } finally {
          clients.forEach(RemoteMediaClient::close);
          channels.forEach(ManagedChannel::shutdownNow);
        }
      }
    }
    System.out.printf("SIGTERM with 2 MiB responses: %d rounds, %d calls accepted, all OK at"
        + " the client%n", ROUNDS, acceptedTotal);
  }
}
