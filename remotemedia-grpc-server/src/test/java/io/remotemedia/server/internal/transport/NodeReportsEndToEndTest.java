package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.vad.VadEventType;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.report.NodeReport;
import io.remotemedia.pipeline.report.NormalizeReport;
import io.remotemedia.pipeline.report.VadEventReport;
import io.remotemedia.pipeline.report.VadReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The typed node reports a client gets from the real Netty server equal the ones a local run
 * gives: the same VadReport, NormalizeReport and per-chunk VadEventReports, through the wire's
 * JSON Structs and back.
 */
class NodeReportsEndToEndTest {
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);
  private static final PipelineManifest VAD_THEN_NORMALIZE = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "vad", "node_type": "VAD", "params": {"padding_ms": 0}},
                 {"id": "norm", "node_type": "Normalize", "params": {"max_duration_s": 5}}],
       "connections": [{"from": "vad", "to": "norm"}]}
      """);
  /** 2 s of silence with speech from 0.5 s to 1.5 s. */
  private static final float[] SPEECH = TestSignals.voicedBurst(16000, 32000, 8000, 24000);
  private static final int CHUNK_FRAMES = 1600;

  @RegisterExtension
  final WireServer wire = new WireServer();

  @Test
  void execute_remote_givesTheLocalRunsTypedReports() {
    ExecutionRequest request = ExecutionRequest.of(VAD_THEN_NORMALIZE, "vad",
        AudioBuffer.of(MONO_16K, SPEECH));

    ExecutionResult local = LocalPipelineRunner.create().execute(request);
    ExecutionResult remote = RemoteMediaClient.forChannel(wire.channel()).execute(request);

    assertThat(local.report("vad", VadReport.class).segments()).singleElement()
        .satisfies(speech -> assertThat(speech.startMs()).isBetween(450L, 550L));
    assertThat(local.report("norm", NormalizeReport.class).measuredLufs()).isPresent();
    assertThat(remote.dataOutputs()).isEqualTo(local.dataOutputs());
  }

  @Test
  void stream_remote_givesTheLocalStreamsEventsAndFinalReports() {
    Streamed local = stream(LocalPipelineRunner.create());
    Streamed remote = stream(RemoteMediaClient.forChannel(wire.channel()));

    assertThat(local.eventTypes())
        .containsExactly(VadEventType.SPEECH_START, VadEventType.SPEECH_END);
    assertThat(remote.chunks()).isEqualTo(local.chunks());
    assertThat(remote.closed().dataOutputs()).isEqualTo(local.closed().dataOutputs())
        .containsKeys("vad", "norm");
  }

  /** Streams the speech in 100 ms chunks; keeps every chunk's reports and the final result. */
  private static Streamed stream(PipelineRunner runner) {
    List<Map<String, NodeReport>> chunks = new ArrayList<>();
    try (PipelineStream stream = runner.openStream(
        OpenStreamRequest.of(VAD_THEN_NORMALIZE, MONO_16K))) {
      for (int chunk = 0; chunk < SPEECH.length / CHUNK_FRAMES; chunk++) {
        float[] samples = Arrays.copyOfRange(SPEECH, chunk * CHUNK_FRAMES,
            (chunk + 1) * CHUNK_FRAMES);
        chunks.add(stream.push(chunk, AudioBuffer.of(MONO_16K, samples)).dataOutputs());
      }
      return new Streamed(chunks, stream.finish());
    }
  }

  /** One stream's reports: per chunk (mostly empty), and at the end. */
  private record Streamed(List<Map<String, NodeReport>> chunks, ExecutionResult closed) {
    /** The VAD's events over the whole stream, in order. */
    List<VadEventType> eventTypes() {
      return chunks.stream()
          .map(reports -> reports.get("vad"))
          .filter(VadEventReport.class::isInstance)
          .flatMap(report -> ((VadEventReport) report).events().stream())
          .map(VadEventReport.Event::type)
          .toList();
    }
  }
}
