package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioBuffer;
import java.util.Map;

/**
 * The output for one chunk of a stream.
 *
 * @param sequence the sequence number of the chunk this answers
 * @param audioOutputs audio per sink node id; a sink may have produced no frames yet (filter
 *     delay), and then its buffer is empty
 * @param dataOutputs events per node id, for example VAD speech-start; often empty
 */
public record StreamResult(
    long sequence,
    Map<String, AudioBuffer> audioOutputs,
    Map<String, Map<String, Object>> dataOutputs) {

  /**
   * Copies the outputs, so the result stays immutable.
   *
   * @param sequence the sequence number of the chunk this answers
   * @param audioOutputs audio per sink node id; a sink may have produced no frames yet (filter
   *     delay), and then its buffer is empty
   * @param dataOutputs events per node id, for example VAD speech-start; often empty
   */
  public StreamResult {
    audioOutputs = Map.copyOf(audioOutputs);
    dataOutputs = Map.copyOf(dataOutputs);
  }
}
