package io.remotemedia.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.NormalizeManifests;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.opus.ConcealedPacketsOgg;
import io.remotemedia.proto.AudioEncoding;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.internal.wire.ManifestWire;
import io.remotemedia.server.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests that ask for more memory than the server has, against a real server process sized
 * like a fleet replica (a small heap, and -XX:+ExitOnOutOfMemoryError as the image runs it).
 * Before the memory checks moved ahead of allocation, the first call here, 19 KB with one
 * Normalize node buffering an hour of 48 kHz stereo, made such a server exit. Now every such
 * call is refused naming the node and the limit, and the process keeps serving.
 */
class ManifestMemoryIT {
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final long HEAP = 256L << 20;

  @TempDir Path temp;

  @Test
  void manifestsAskingForMoreMemoryThanTheServerHas_areRefused_andTheServerKeepsServing()
      throws Exception {
    try (ServerProcess server = ServerProcess.builder(temp, "memory")
            .jvmArgs("-Xmx256m", "-XX:+ExitOnOutOfMemoryError").start();
        RemoteMediaClient client = RemoteMediaClient.builder().target(server.address())
            .deadline(Duration.ofSeconds(30)).build()) {
      long total = (long) server.metric("pipeline_memory_limit_bytes");
      assertThat(total).as("half the heap").isBetween(HEAP / 4, HEAP / 2);
      assertThat(total).as("room for at least one stream below").isGreaterThan(77_000_000L);

      // Over the request's own limit (1 GiB): 1.38 GB of Normalize buffer.
      AudioBuffer stereo = AudioBuffer.of(AudioFormat.f32(48000, 2), new float[2 * 4800]);
      assertThatThrownBy(() -> client.execute(
              ExecutionRequest.of(NormalizeManifests.buffering(3600), "in", stereo)))
          .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
            assertThat(e.nodeId()).contains("norm");
            assertThat(e.limit()).hasValueSatisfying(limit ->
                assertThat(limit.limit()).isEqualTo("max_memory_bytes"));
          });

      // Within the request's limit but over the server's total: 600 s, 230 MB.
      AudioBuffer mono = AudioBuffer.of(MONO_48K, new float[4800]);
      assertThatThrownBy(() -> client.execute(
              ExecutionRequest.of(NormalizeManifests.buffering(600), "in", mono)))
          .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
            assertThat(e.limit()).hasValueSatisfying(limit -> {
              assertThat(limit.limit()).isEqualTo("total_memory_bytes");
              assertThat(limit.limitValue()).isEqualTo(total);
            });
          });

      // Streams of 100 s of mono, 38.4 MB of Normalize buffer and as much for its flush: as
      // many as the server's total holds open, and the next one is BUSY, with a retry hint.
      PipelineManifest hundredSeconds = NormalizeManifests.buffering(100);
      int fits = (int) (total / (2 * 100L * 48000 * Float.BYTES));
      List<PipelineStream> open = new ArrayList<>();
      try {
        for (int i = 0; i < fits; i++) {
          open.add(client.openStream(OpenStreamRequest.of(hundredSeconds, MONO_48K)));
        }
        assertThatThrownBy(() -> client.openStream(
                OpenStreamRequest.of(hundredSeconds, MONO_48K)))
            .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
              assertThat(e.retryAfterMs()).isPositive();
              assertThat(e.getMessage()).contains("total_memory_bytes");
            });
        assertThat(server.metric("pipeline_memory_used_bytes"))
            .isGreaterThan(fits * 2 * 100.0 * 48000 * Float.BYTES);
      } finally {
        open.forEach(PipelineStream::cancel);
      }

      // Still serving, with all of its memory back once the streams have ended.
      assertThat(client.execute(ExecutionRequest.of(hundredSeconds, "in", mono))
          .audio("norm").frameCount()).isEqualTo(4800);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.metric("pipeline_memory_used_bytes") > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(server.metric("pipeline_memory_used_bytes")).isZero();
      assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void resamplerTablesThatFillWholeHeapRegions_areRefusedBeforeTheHeapRunsOut() throws Exception {
    // 100 very_high resamplers, each to a rate 613 Hz above the one before: every ratio is
    // awkward, so each node keeps 3 tables of exactly 1 MiB of doubles. In this heap's 1 MiB G1
    // regions each takes 2 MiB. Counted as 3 MiB a node, the check let 40 such nodes through
    // the 128 MiB budget, and the server ran out of its 256 MiB heap first (2026-12-07).
    StringBuilder yaml = new StringBuilder("version: v1\nnodes:\n");
    StringBuilder connections = new StringBuilder("connections:\n");
    for (int i = 0; i < 100; i++) {
      yaml.append("  - {id: r").append(i).append(", node_type: AudioResample, params:")
          .append(" {target_sample_rate: ").append(8000 + 613 * i)
          .append(", quality: very_high}}\n");
      if (i > 0) {
        connections.append("  - {from: r").append(i - 1).append(", to: r").append(i)
            .append("}\n");
      }
    }
    PipelineManifest chain = new ManifestParser().parse(yaml.append(connections).toString());
    try (ServerProcess server = ServerProcess.builder(temp, "tables")
            .jvmArgs("-Xmx256m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError").start();
        RemoteMediaClient client = RemoteMediaClient.builder().target(server.address())
            .deadline(Duration.ofSeconds(60)).build()) {
      long total = (long) server.metric("pipeline_memory_limit_bytes");
      AudioBuffer second = AudioBuffer.of(MONO_48K, new float[48000]);
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> client.execute(ExecutionRequest.of(chain, "r0", second)))
            .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
              assertThat(e.nodeId()).hasValueSatisfying(id -> assertThat(id).startsWith("r"));
              assertThat(e.limit()).hasValueSatisfying(limit -> {
                assertThat(limit.limit()).isEqualTo("total_memory_bytes");
                assertThat(limit.limitValue()).isEqualTo(total);
              });
            });
      }

      assertThat(client.execute(ExecutionRequest.of(NormalizeManifests.buffering(1), "in",
          AudioBuffer.of(MONO_48K, new float[4800]))).audio("norm").frameCount())
          .isEqualTo(4800);
      assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void codedAudioThatExpandsPastWhatPcmMayCarry_isRefused_andTheServerKeepsServing()
      throws Exception {
    // 200 pages of two-byte Opus packets, each concealed as 120 ms: 158 KB that would decode to
    // 293,760,000 samples (1.2 GB of floats). The server's bound is what its largest message
    // could carry as 32-bit PCM: 65,048,576 / 4 = 16,262,144 samples by default.
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(ManifestWire.toProto(NormalizeManifests.buffering(1)))
        .putAudioInputs("in", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setEncoding(AudioEncoding.AUDIO_ENCODING_OGG_OPUS)
            .setSampleRateHz(48000)
            .setChannels(1)
            .setSamples(ByteString.copyFrom(ConcealedPacketsOgg.file(200)))
            .build())
        .build();
    try (ServerProcess server = ServerProcess.builder(temp, "coded")
            .jvmArgs("-Xmx256m", "-XX:+ExitOnOutOfMemoryError").start();
        RemoteMediaClient client = RemoteMediaClient.builder().target(server.address())
            .deadline(Duration.ofSeconds(30)).build()) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(server.address()).usePlaintext()
          .build();
      try {
        for (int i = 0; i < 3; i++) {
          assertThatThrownBy(() -> PipelineServiceGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(30, TimeUnit.SECONDS).executePipeline(request))
              .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getStatus().getDescription()).contains("audio_inputs[\"in\"]")
                    .contains("decodes to more than the limit of 16262144 samples");
              });
        }
      } finally {
        channel.shutdownNow();
      }

      assertThat(client.execute(ExecutionRequest.of(NormalizeManifests.buffering(1), "in",
          AudioBuffer.of(MONO_48K, new float[4800]))).audio("norm").frameCount())
          .isEqualTo(4800);
      assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
  }
}
