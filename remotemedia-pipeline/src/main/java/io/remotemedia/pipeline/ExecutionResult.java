package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * What an execution produced.
 *
 * @param audioOutputs the audio of each sink node, keyed by node id
 * @param dataOutputs non-audio results keyed by node id (for example VAD segments), as
 *     JSON-like maps
 * @param metrics how the execution went
 */
public record ExecutionResult(
    Map<String, AudioBuffer> audioOutputs,
    Map<String, Map<String, Object>> dataOutputs,
    ExecutionMetrics metrics) {

  /**
   * Copies the outputs, so the result stays immutable.
   *
   * @param audioOutputs the audio of each sink node, keyed by node id
   * @param dataOutputs non-audio results keyed by node id (for example VAD segments), as JSON-like
   *     maps
   * @param metrics how the execution went
   */
  public ExecutionResult {
    audioOutputs = Map.copyOf(audioOutputs);
    dataOutputs = Map.copyOf(dataOutputs);
    Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * {@return the audio of sink node {@code nodeId}}
   *
   * @param nodeId the id of a sink node of the manifest
   * @throws IllegalArgumentException if that node produced no audio output
   */
  public AudioBuffer audio(String nodeId) {
    AudioBuffer buffer = audioOutputs.get(nodeId);
    if (buffer == null) {
      throw new IllegalArgumentException(
          "no audio output for node \"" + nodeId + "\"; outputs: " + audioOutputs.keySet());
    }
    return buffer;
  }
}
