package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import org.junit.jupiter.api.Test;

class ChannelMapNodeFactoryTest {
  private static final AudioFormat STEREO = AudioFormat.f32(16000, 2);
  private static final float[] FRAMES = {0.1f, 0.2f, -0.3f, 0.5f, 0.7f, -0.7f};

  private static PipelineManifest manifest(String params) {
    return new ManifestParser().parse("""
        {
          "version": "v1",
          "nodes": [
            {"id": "mix", "node_type": "ChannelMap",
             "params": %s}
          ]
        }
        """.formatted(params));
  }

  private static AudioBuffer run(String params, AudioBuffer input) {
    return LocalPipelineRunner.create()
        .execute(ExecutionRequest.of(manifest(params), "mix", input)).audio("mix");
  }

  @Test
  void execute_map_reordersAndDuplicatesChannels() {
    AudioBuffer out = run("{\"mode\": \"map\", \"map\": [1, 0, 0]}",
        AudioBuffer.of(STEREO, FRAMES));

    assertThat(out.format()).isEqualTo(AudioFormat.f32(16000, 3));
    assertThat(java.util.Arrays.copyOf(out.samples(), out.sampleCount())).containsExactly(
        0.2f, 0.1f, 0.1f, 0.5f, -0.3f, -0.3f, -0.7f, 0.7f, 0.7f);
  }

  @Test
  void execute_defaultMode_averagesToMono() {
    AudioBuffer out = run("{}", AudioBuffer.of(STEREO, FRAMES));

    assertThat(out.format().channelCount()).isEqualTo(1);
    assertThat(out.frameCount()).isEqualTo(3);
    assertThat((double) out.samples()[0]).isCloseTo(0.15, within(1e-7));
    assertThat((double) out.samples()[1]).isCloseTo(0.1, within(1e-7));
    assertThat((double) out.samples()[2]).isCloseTo(0.0, within(1e-7));
  }

  @Test
  void execute_upmixStereo_givesTwoEqualChannels() {
    AudioBuffer out = run("{\"mode\": \"upmix_stereo\"}",
        AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.25f, -0.5f}));

    assertThat(java.util.Arrays.copyOf(out.samples(), out.sampleCount()))
        .containsExactly(0.25f, 0.25f, -0.5f, -0.5f);
  }

  @Test
  void compile_mapEntryNotAWholeNumber_isLocatedAtTheEntry() {
    assertThatThrownBy(() -> run("{\"mode\": \"map\", \"map\": [1, \"left\"]}",
        AudioBuffer.of(STEREO, FRAMES)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.map[1] (line 5, column 43): expected a whole number,"
            + " found a string (\"left\")");
  }

  @Test
  void compile_mapEntryOutOfRange_isLocatedAtTheEntry() {
    assertThatThrownBy(() -> run("{\"mode\": \"map\", \"map\": [0, 64]}",
        AudioBuffer.of(STEREO, FRAMES)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.map[1] (line 5, column 43): value 64 is out of range;"
            + " allowed: [0, 63]");
  }

  @Test
  void compile_mapWithoutModeMap_isRejectedAtMap() {
    assertThatThrownBy(() -> run("{\"map\": [0]}", AudioBuffer.of(STEREO, FRAMES)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.map (line 5, column 24): map is only used with mode map;"
            + " mode is downmix_average");
    assertThatThrownBy(() -> run("{\"mode\": \"map\"}", AudioBuffer.of(STEREO, FRAMES)))
        .isInstanceOf(PipelineException.class)
        // map is absent, so the location falls back to the params object.
        .hasMessage("nodes[0].params.map (line 5, column 16): mode map needs a non-empty list"
            + " of source channel indices");
  }

  @Test
  void execute_mapIndexBeyondTheInput_failsAtConfigureNamingIndexAndChannels() {
    assertThatThrownBy(() -> run("{\"mode\": \"map\", \"map\": [0, 2]}",
        AudioBuffer.of(STEREO, FRAMES)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("input of node mix: ChannelMap \"mix\" cannot take 16000 Hz, 2 ch, F32:"
            + " map[1] selects input channel 2, but the input has 2 channels (indices 0 to 1)"
            + "; send audio in a format it takes, or change its parameters")
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(ErrorKind.VALIDATION);
  }

  @Test
  void compile_mapNotAListOrTooLong_isLocatedAtMap() {
    String tooLong = java.util.stream.IntStream.range(0, 65).mapToObj(i -> "0")
        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));

    assertThatThrownBy(() -> run("{\"mode\": \"map\", \"map\": 1}", AudioBuffer.of(STEREO,
        FRAMES)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.map (line 5, column 39): expected a list of whole numbers,"
            + " found a number (1)");
    assertThatThrownBy(() -> run("{\"mode\": \"map\", \"map\": " + tooLong + "}",
        AudioBuffer.of(STEREO, FRAMES)))
        .isInstanceOf(PipelineException.class)
        .hasMessage("nodes[0].params.map (line 5, column 39): expected at most 64 entries,"
            + " found 65");
  }

  @Test
  void parameters_describeTheMapAsAnIntegerList() {
    assertThat(ChannelMapNodeFactory.MAP.typeName()).isEqualTo("integer_list");
    assertThat(ChannelMapNodeFactory.MAP.defaultText()).isEqualTo("[]");
    assertThat(ChannelMapNodeFactory.MAP.allowedText()).isEqualTo("up to 64 integers in [0, 63]");
  }
}
