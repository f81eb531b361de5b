package io.remotemedia.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientInterceptors;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.server.Await;
import io.remotemedia.server.RetryCounter;
import io.remotemedia.server.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: {@code kill -9} of one of three replicas while the SDK (round_robin over the three
 * addresses, with its retry policy) sends unary calls. No call may fail; the retries that hid
 * the kill are counted per attempt with a stream tracer.
 */
class KillReplicaUnderLoadIT {
  private static final int THREADS = 6;
  private static final String CONFIG = """
      server:
        worker_threads: 2
      """;

  @TempDir Path temp;

  @Test
  void killNine_oneOfThreeReplicas_noUnaryCallFails() throws Exception {
    List<ServerProcess> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        replicas.add(ServerProcess.builder(temp, "replica-" + i).config(CONFIG)
          .jvmArgs("-Xmx512m").start());
      }
      RetryCounter retries = new RetryCounter();
      ExecutionRequest request = ExecutionRequest.of(new ManifestParser().parse("""
          {"version": "v1", "nodes": [{"id": "g", "node_type": "Gain",
                                       "params": {"gain_db": 6}}]}
          """), "g", AudioBuffer.of(AudioFormat.f32(48_000, 2), new float[2 * 24_000]));
      try (RemoteMediaClient owner = RemoteMediaClient.builder()
          .addresses(replicas.stream().map(ServerProcess::address).toList())
          .deadline(Duration.ofSeconds(20)).build()) {
        RemoteMediaClient client = RemoteMediaClient.forChannel(
            ClientInterceptors.intercept(owner.channel(), retries));
        Await.until("every replica serves", 30, () -> {
          client.execute(request);
          return replicas.stream().allMatch(ServerProcess::hasServedACall);
        });

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        Queue<RemoteMediaException> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          Thread thread = new Thread(() -> {
            while (running.get()) {
              try {
                client.execute(request);
                ok.incrementAndGet();
              } catch (RemoteMediaException e) {
                failures.add(e);
              }
            }
          }, "load-" + i);
          thread.start();
          threads.add(thread);
        }
        Await.until("100 calls before the kill", 60, () -> ok.get() >= 100);
        int beforeKill = ok.get();
        replicas.get(0).kill();
        Await.until("200 calls after the kill", 60, () -> ok.get() >= beforeKill + 200);
        running.set(false);
        for (Thread thread : threads) {
          thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        System.out.printf("kill -9 of 1 of 3 replicas: %d unary calls OK (%d before the"
                + " kill), %d failed, %d policy and %d transparent retries%n", ok.get(),
            beforeKill, failures.size(), retries.policyRetries(), retries.transparentRetries());
        assertThat(failures).as("failed unary calls").isEmpty();
      }
    } finally {
      for (ServerProcess replica : replicas) {
        replica.close();
      }
    }
  }
}
