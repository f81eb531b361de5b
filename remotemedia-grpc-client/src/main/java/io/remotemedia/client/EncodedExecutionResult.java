package io.remotemedia.client;

import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link RemoteMediaClient#executeEncoded}: every output decoded, as from {@link
 * RemoteMediaClient#execute}, and the coded bytes of the outputs the server sent coded.
 *
 * @param result the result, every sink's audio decoded to samples
 * @param encodedOutputs the coded outputs as the server sent them, keyed by sink id; sinks
 *     that came back as PCM are absent
 */
public record EncodedExecutionResult(ExecutionResult result,
    Map<String, EncodedAudio> encodedOutputs) {
  /**
   * Copies the map.
   *
   * @param result the result, every sink's audio decoded to samples
   * @param encodedOutputs the coded outputs as the server sent them, keyed by sink id; sinks
   *     that came back as PCM are absent
   * @throws NullPointerException if a field is null
   */
  public EncodedExecutionResult {
    Objects.requireNonNull(result, "result");
    encodedOutputs = Map.copyOf(encodedOutputs);
  }
}
