package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.internal.graph.GraphNode;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import java.util.List;
import java.util.Map;

/** Checks a request's inputs against the graph and the limits before any node runs. */
final class InputCheck {
  private InputCheck() {}

  static void check(PipelineGraph graph, Map<String, AudioBuffer> inputs, ExecutionLimits limits) {
    EndpointKeyCheck.sources(graph.manifest(), "audio_inputs", inputs.keySet());
    EndpointKeyCheck.everySourceGiven(graph.manifest(), inputs.keySet());
    List<String> sources = graph.sources().stream().map(GraphNode::id).toList();
    long samples = 0;
    for (String source : sources) {
      samples += inputs.get(source).sampleCount();
    }
    if (limits.maxInputSamples() > 0 && samples > limits.maxInputSamples()) {
      throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT,
              "the inputs hold " + samples + " samples, over the limit of "
                  + limits.maxInputSamples() + " (max_input_samples)")
          .limit(new LimitViolation(ExecutionLimits.MAX_INPUT_SAMPLES, limits.maxInputSamples(),
              samples))
          .build();
    }
    for (String source : sources) {
      checkFinite("audio input \"" + source + "\"", inputs.get(source));
    }
  }

  /** Rejects NaN and infinite samples, naming the first one; {@code what} names the audio. */
  static void checkFinite(String what, AudioBuffer input) {
    checkFinite(what, input, -1);
  }

  /**
   * Rejects NaN and infinite samples, naming the first one by its place in {@code input} and,
   * when {@code framesBefore} is positive, in the stream whose earlier chunks held that many
   * frames: a caller that streams a file in chunks of its own finds the frame in its file.
   */
  static void checkFinite(String what, AudioBuffer input, long framesBefore) {
    float[] samples = input.samples();
    int count = input.sampleCount();
    for (int i = 0; i < count; i++) {
      if (!Float.isFinite(samples[i])) {
        int channels = input.format().channelCount();
        String inStream = framesBefore <= 0 ? ""
            : ", frame " + (framesBefore + i / channels) + " of the stream";
        throw invalid(what + ": sample " + i + " (frame "
            + i / channels + inStream + ", channel " + i % channels + ") is " + samples[i]
            + "; samples must be finite");
      }
    }
  }

  private static PipelineException invalid(String message) {
    return PipelineException.of(ErrorKind.INVALID_AUDIO, message);
  }
}
