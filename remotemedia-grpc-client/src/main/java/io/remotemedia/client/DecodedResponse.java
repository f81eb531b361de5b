package io.remotemedia.client;

import io.remotemedia.pipeline.PipelineException;
import java.util.function.Function;

/**
 * A response mapped to its result as grpc-java parsed it (see {@link
 * io.remotemedia.proto.internal.marshal.CopyOnceMarshallers#decoding}): the result, or why the
 * response was malformed, kept to be thrown where the call's answer is read, as a malformed
 * response mapped after the call is.
 *
 * @param result the result; null when {@code malformed} is set
 * @param malformed why the response could not be mapped; null when it could
 * @param <T> the result type
 */
record DecodedResponse<T>(T result, PipelineException malformed) {
  /** {@return {@code map}, answering a {@link PipelineException} as a malformed response} */
  static <R, T> Function<R, DecodedResponse<T>> mapping(Function<R, T> map) {
    return response -> {
      try {
        return new DecodedResponse<>(map.apply(response), null);
      } catch (PipelineException malformed) {
        return new DecodedResponse<>(null, malformed);
      }
    };
  }

  /**
   * {@return the result}
   *
   * @throws PipelineException why the response was malformed
   */
  T orThrow() {
    if (malformed != null) {
      throw malformed;
    }
    return result;
  }
}
