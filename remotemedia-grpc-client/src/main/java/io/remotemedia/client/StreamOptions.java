package io.remotemedia.client;

import io.remotemedia.pipeline.OpenStreamRequest;
import java.time.Duration;

/**
 * How a client opens its streaming sessions, from its builder.
 *
 * @param prefetch results requested ahead of the consumer
 * @param openTimeout how long to wait for the server's {@code ready}
 * @param resumable whether to ask for sessions that survive a broken connection
 * @param connections hears the breaks and resumes of resumable sessions
 */
record StreamOptions(int prefetch, Duration openTimeout, boolean resumable,
    StreamConnectionListener connections) {

  /**
   * {@return what a session of {@code request} needs of the protocol when it opens: coded
   * results and resuming need v1.1}
   *
   * @param request the stream to open
   */
  ProtocolFeature feature(OpenStreamRequest request) {
    if (!request.outputEncodings().isEmpty()) {
      return ProtocolFeature.CODED_AUDIO;
    }
    return resumable ? ProtocolFeature.RESUMABLE_STREAMS : ProtocolFeature.PCM;
  }
}
