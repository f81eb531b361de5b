package io.remotemedia.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.server.Await;
import io.remotemedia.server.ServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a client process killed (SIGKILL) with 1,000 streams open. The server must notice
 * the dead connections, free every stream (gauge, pipeline slots, memory) and keep serving.
 * The idle timeout is set far beyond the test, so only the disconnect can free them.
 */
class ClientKilledWithOpenStreamsIT {
  private static final int STREAMS = 1_000;
  // Each open stream counts 1 MiB for its receive window in total_memory_bytes, so the default,
  // half of this 512 MiB heap, would refuse most of the streams; the test is about freeing them.
  private static final String CONFIG = """
      streams:
        idle_timeout_ms: 600000
      limits:
        total_memory_bytes: 1500000000
      """;

  @TempDir Path temp;

  @Test
  void clientKilled_withThousandOpenStreams_serverFreesThemAndKeepsServing() throws Exception {
    try (ServerProcess server = ServerProcess.builder(temp, "server").config(CONFIG)
          .jvmArgs("-Xmx512m").start()) {
      long heapBeforeBytes = heapAfterGc(server);
      Process client = new ProcessBuilder(ServerProcess.java(), "-Xmx256m", "-cp",
          System.getProperty("java.class.path"), OpenStreamsClient.class.getName(),
          Integer.toString(server.port()), Integer.toString(STREAMS))
          .redirectErrorStream(true)
          .start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
            StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.equals("OPEN " + STREAMS)) {
          seen.append(line).append('\n');
        }
        assertThat(line).as("the client opened its streams; it said:%n%s", seen)
            .isEqualTo("OPEN " + STREAMS);
        assertThat(server.metric("active_streams")).isEqualTo(STREAMS);
        long heapOpenBytes = heapAfterGc(server);

        client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Await.until("the server has freed every stream and connection", 30,
            () -> server.metric("active_streams") == 0
                && server.metric("active_connections") == 0);
        long heapAfterBytes = heapAfterGc(server);
        System.out.printf("client killed with %d streams open: streams freed; heap after GC"
                + " %d MB before, %d MB with the streams open, %d MB after%n", STREAMS,
            heapBeforeBytes >> 20, heapOpenBytes >> 20, heapAfterBytes >> 20);
        assertThat(heapAfterBytes).as("heap after GC, back near the baseline")
            .isLessThan(heapBeforeBytes + (heapOpenBytes - heapBeforeBytes) / 2 + (8 << 20));
      } finally {
        client.destroyForcibly();
      }

      try (RemoteMediaClient fresh = RemoteMediaClient.builder()
          .target("127.0.0.1:" + server.port()).build()) {
        float out = fresh.execute(ExecutionRequest.of(new ManifestParser().parse(
                "{\"version\":\"v1\",\"nodes\":[{\"id\":\"g\",\"node_type\":\"Gain\","
                    + "\"params\":{\"gain_db\":20}}]}"),
            "g", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.01f})))
            .audio("g").samples()[0];
        assertThat(out).as("a call after the kill").isEqualTo(0.1f, org.assertj.core.api
            .Assertions.within(1e-6f));
      }
    }
  }

  /** Runs a full GC in the server (jcmd, from the JDK) and returns the heap in use. */
  private static long heapAfterGc(ServerProcess server) throws Exception {
    Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd")
        .toString(), Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
    String said = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(gc.exitValue()).as("jcmd GC.run: %s", said).isZero();
    return (long) server.metric("jvm_memory_bytes_used{area=\"heap\",}");
  }
}
