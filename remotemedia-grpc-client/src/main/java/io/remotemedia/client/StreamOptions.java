package io.remotemedia.client;

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

  /** {@return what these sessions use of the protocol: resuming needs v1.1} */
  ProtocolFeature feature() {
    return resumable ? ProtocolFeature.RESUMABLE_STREAMS : ProtocolFeature.PCM;
  }
}
