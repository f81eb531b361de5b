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
 * @param silenceLimit how long a resumable session's call that waits for the server may hear
 *     nothing before it is taken as broken (see StreamConnection)
 * @param dropConnections has the channel give up its connections, so that the next call
 *     connects anew (after a call fell silent); does nothing on a channel the client does not
 *     own, whose sessions do not resume
 */
record StreamOptions(int prefetch, Duration openTimeout, boolean resumable,
    StreamConnectionListener connections, Optional<Deadline> callDeadline,
    Duration silenceLimit, Runnable dropConnections) {

  /**
   * Options of open-ended sessions: no deadline on their calls, the default silence limit,
   * and connections left to the channel.
   */
  StreamOptions(int prefetch, Duration openTimeout, boolean resumable,
      StreamConnectionListener connections) {
    this(prefetch, openTimeout, resumable, connections, Optional.empty(),
        RemoteMediaClient.DEFAULT_STREAM_SILENCE_LIMIT, () -> { });
  }

  /** {@return these options, with every call of the session ending by {@code deadline}} */
  StreamOptions withCallDeadline(Deadline deadline) {
    return new StreamOptions(prefetch, openTimeout, resumable, connections,
        Optional.of(deadline), silenceLimit, dropConnections);
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
