package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramingNodeFactoriesTest {
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);

  private static ExecutionResult run(String manifest, String sourceId, float[] input) {
    return LocalPipelineRunner.create().execute(ExecutionRequest.of(
        new ManifestParser().parse(manifest), sourceId, AudioBuffer.of(MONO, input)));
  }

  private static float[] samples(AudioBuffer buffer) {
    return Arrays.copyOf(buffer.samples(), buffer.sampleCount());
  }

  @Test
  void execute_trimThenChunk_keepsTheToneInPaddedBlocks() {
    // 0.1 s silence, 0.3 s of a 440 Hz tone, 0.2 s silence (all in whole 10 ms windows).
    float[] input = new float[9600];
    for (int i = 1600; i < 6400; i++) {
      input[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000));
    }

    ExecutionResult result = run("""
        {"version": "v1",
         "nodes": [
           {"id": "trim", "node_type": "SilenceTrim",
            "params": {"threshold_dbfs": -50, "window_ms": 10, "max_hold_ms": 500}},
           {"id": "chunk", "node_type": "AudioChunker",
            "params": {"frame_size": 1000, "overlap": 0, "pad_final": true}}],
         "connections": [{"from": "trim", "to": "chunk"}]}
        """, "trim", input);

    // 4800 tone frames in 5 blocks of 1000: the last one padded with 200 zeros.
    float[] expected = Arrays.copyOf(Arrays.copyOfRange(input, 1600, 6400), 5000);
    assertThat(samples(result.audio("chunk"))).isEqualTo(expected);
  }

  @Test
  void execute_accumulator_passesTheStreamThroughUnchanged() {
    float[] input = new float[12345];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) Math.sin(i * 0.01);
    }

    ExecutionResult result = run("""
        {"version": "v1",
         "nodes": [{"id": "acc", "node_type": "AudioBufferAccumulator",
                    "params": {"duration_ms": 250}}]}
        """, "acc", input);

    assertThat(samples(result.audio("acc"))).isEqualTo(input);
  }

  @Test
  void compile_overlapNotBelowFrameSize_isALocatedValidationError() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "c", "node_type": "AudioChunker",
                    "params": {"frame_size": 256, "overlap": 256}}]}
        """, "c", new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.overlap (line 3, column 54): overlap 256 must be less than"
            + " frame_size 256");
  }

  @Test
  void compile_padFinalNotABoolean_isALocatedValidationError() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "c", "node_type": "AudioChunker", "params": {"pad_final": "yes"}}]}
        """, "c", new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.pad_final (line 2, column 77): expected true or false,"
            + " found a string (\"yes\")");
  }

  @Test
  void compile_silenceTrimThresholdAboveZero_isALocatedValidationError() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "t", "node_type": "SilenceTrim", "params": {"threshold_dbfs": 3}}]}
        """, "t", new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.threshold_dbfs (line 2, column 81): value 3 is out of"
            + " range; allowed: [-120, 0]");
  }

  @Test
  void compile_accumulatorDurationTooShort_isALocatedValidationError() {
    assertThatThrownBy(() -> run("""
        {"version": "v1",
         "nodes": [{"id": "a", "node_type": "AudioBufferAccumulator",
                    "params": {"duration_ms": 0}}]}
        """, "a", new float[10]))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.duration_ms (line 3, column 39): value 0 is out of range;"
            + " allowed: [1, 60000]");
  }
}
