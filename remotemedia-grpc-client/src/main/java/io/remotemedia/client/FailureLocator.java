package io.remotemedia.client;

import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Optional;

/**
 * Gives a server's manifest failure the line and column of the caller's manifest text. The
 * manifest travels as protobuf, so the server knows each value's path
 * ({@code nodes[0].params.gain_db}) but not where it stood in the text; a manifest parsed by
 * {@code ManifestParser} kept that in its source map, and the path finds it there. The message
 * then reads as a local run's: {@code nodes[0].params.gain_db (line 6, column 16): ...}. A
 * failure about a field itself (an unknown parameter), which says so in its context, is placed
 * at the field's key, as a local run places it.
 */
final class FailureLocator {
  private FailureLocator() {}

  /**
   * Returns {@code failure} with its location's line and column taken from {@code manifest};
   * {@code failure} itself when it has no location, already has a position, or the manifest
   * knows none (built in code).
   */
  static RemoteMediaException locate(RemoteMediaException failure, PipelineManifest manifest) {
    Optional<ManifestLocation> location = failure.location();
    if (location.isEmpty() || location.get().hasPosition()) {
      return failure;
    }
    String path = location.get().path();
    ManifestLocation located =
        ManifestLocation.AT_KEY.equals(failure.context().get(ManifestLocation.PLACE))
            ? manifest.locateKey(path) : manifest.locate(path);
    if (!located.hasPosition()) {
      return failure;
    }
    String message = failure.getMessage();
    String unlocated = location.get().describe();
    if (message.startsWith(unlocated + ":")) {
      message = located.describe() + message.substring(unlocated.length());
    }
    PipelineException.Builder builder = PipelineException.builder(failure.kind(), message)
        .location(located)
        .retryAfterMs(failure.retryAfterMs())
        .context(failure.context())
        .cause(failure.getCause());
    failure.nodeId().ifPresent(builder::nodeId);
    failure.limit().ifPresent(builder::limit);
    return StatusTranslator.of(failure.code(), builder);
  }
}
