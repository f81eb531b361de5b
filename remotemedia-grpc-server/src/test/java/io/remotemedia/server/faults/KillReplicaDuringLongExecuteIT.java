package io.remotemedia.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.Await;
import io.remotemedia.server.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the replica that runs a long {@code execute} (input over the client's
 * streamAbove, so sent as a stream) while its stream is open: the SDK makes the call again on
 * the other replica, as it makes a unary call the transport cut, and the caller gets the whole
 * result. Before, the call failed with the broken connection's UNAVAILABLE.
 */
class KillReplicaDuringLongExecuteIT {
  private static final PipelineManifest RESAMPLE = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "rs", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 44100}}]}
      """);
  private static final AudioFormat STEREO_48K = AudioFormat.f32(48_000, 2);

  @TempDir Path temp;

  @Test
  void killNine_theReplicaRunningALongExecute_theCallIsMadeAgainOnTheOther() throws Exception {
    List<ServerProcess> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        replicas.add(ServerProcess.builder(temp, "replica-" + i).quickStart().start());
      }
      // 60 s of 48 kHz stereo: 23 MB, about 88 chunks of 256 KiB.
      AudioBuffer input = AudioBuffer.of(STEREO_48K, tone(60 * 48_000));
      ExecutionRequest request = ExecutionRequest.of(RESAMPLE, "rs", input);
      try (RemoteMediaClient client = RemoteMediaClient.builder()
          .addresses(replicas.stream().map(ServerProcess::address).toList())
          .streamAbove(RemoteMediaClient.STREAM_CHUNK_BYTES)
          .deadline(Duration.ofSeconds(60)).build()) {
        CompletableFuture<ExecutionResult> call =
            CompletableFuture.supplyAsync(() -> client.execute(request));
        int[] running = {-1};
        Await.until("a replica runs the call's stream", 30, () -> {
          for (int i = 0; i < replicas.size(); i++) {
            if (replicas.get(i).metric("active_streams") >= 1) {
              running[0] = i;
              return true;
            }
          }
          return call.isDone();
        });
        assertThat(running[0]).as("the call's stream was seen open before it ended")
            .isNotNegative();
        replicas.get(running[0]).kill();

        ExecutionResult result = call.get(60, TimeUnit.SECONDS);

        assertThat(result.audioOutputs().get("rs").samples()).isEqualTo(
            LocalPipelineRunner.create().execute(request).audioOutputs().get("rs").samples());
        ServerProcess other = replicas.get(1 - running[0]);
        assertThat(other.metric("stream_chunks_total"))
            .as("chunks the other replica took: the whole input again")
            .isGreaterThanOrEqualTo(
                (double) input.sampleCount() * Float.BYTES / RemoteMediaClient.STREAM_CHUNK_BYTES);
      }
    } finally {
      for (ServerProcess replica : replicas) {
        replica.close();
      }
    }
  }

  private static float[] tone(int frames) {
    float[] samples = new float[frames * 2];
    for (int i = 0; i < frames; i++) {
      float value = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
      samples[2 * i] = value;
      samples[2 * i + 1] = -value;
    }
    return samples;
  }
}
