package io.remotemedia.client;

import io.grpc.Deadline;
import io.remotemedia.pipeline.OpenStreamRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * How a client opens its streaming sessions, from its builder.
 *
 * @param prefetch results requested ahead of the consumer
 * @param openTimeout how long to wait for the server's {@code ready}
 * @param resumable whether to ask for sessions that survive a broken connection
 * @param connections hears the breaks and resumes of resumable sessions
 * @param callDeadline when every call of a session must have ended (a resumable session is
 *     cancelled then, see StreamConnection), for a session that is one
 *     call to the user (a streamed {@code execute}); empty for open-ended streams
 */
record StreamOptions(int prefetch, Duration openTimeout, boolean resumable,
    StreamConnectionListener connections, Optional<Deadline> callDeadline) {

  /** Options of open-ended sessions: no deadline on their calls. */
  StreamOptions(int prefetch, Duration openTimeout, boolean resumable,
      StreamConnectionListener connections) {
    this(prefetch, openTimeout, resumable, connections, Optional.empty());
  }

  /** {@return these options, with every call of the session ending by {@code deadline}} */
  StreamOptions withCallDeadline(Deadline deadline) {
    return new StreamOptions(prefetch, openTimeout, resumable, connections,
        Optional.of(deadline));
  }

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
