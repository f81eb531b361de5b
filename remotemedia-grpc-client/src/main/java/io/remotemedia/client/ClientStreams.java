package io.remotemedia.client;

import io.grpc.Channel;
import io.grpc.Deadline;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The streams of a {@link RemoteMediaClient}: the sessions it opens, each once the protocol
 * version is agreed ({@link PipelineCalls#agreed}) and kept for the client's close ({@link
 * ClientLifecycle#track}) until it ends, and the executions it sends as a stream: every {@code
 * executeStreamed}, and an {@code execute} whose one input is larger than the client's {@code
 * streamAbove}. The methods behave and throw as the client's methods of the same name say.
 * Thread-safe.
 */
final class ClientStreams {
  private final Channel channel;
  private final ClientLifecycle lifecycle;
  private final PipelineCalls calls;
  private final Duration deadline;
  private final int streamAboveBytes;
  private final StreamOptions options;

  /**
   * @param deadline the client's deadline, which bounds a streamed execution as a whole
   * @param streamAboveBytes the input size above which {@code execute} streams, in bytes
   * @param options how sessions open, from the client's builder
   */
  ClientStreams(Channel channel, ClientLifecycle lifecycle, PipelineCalls calls,
      Duration deadline, int streamAboveBytes, StreamOptions options) {
    this.channel = channel;
    this.lifecycle = lifecycle;
    this.calls = calls;
    this.deadline = deadline;
    this.streamAboveBytes = streamAboveBytes;
    this.options = options;
  }

  /** {@return whether {@code execute} sends {@code request} as a stream} */
  boolean isStreamed(ExecutionRequest request) {
    return request.inputs().size() == 1 && wireBytes(request) > streamAboveBytes;
  }

  /** As {@link RemoteMediaClient#executeStreamed}. */
  ExecutionResult executeStreamed(ExecutionRequest request) {
    lifecycle.requireOpen();
    Deadline callDeadline = Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS);
    StreamOptions streamed = options.withCallDeadline(callDeadline);
    return StreamedExecution.run(request, RemoteMediaClient.STREAM_CHUNK_BYTES, deadline,
        callDeadline, stream -> {
          lifecycle.requireOpenForNextAttempt();
          return openTracked(stream, null, streamed);
        });
  }

  /**
   * Opens a session on an open client, and keeps it for the client's close until it ends.
   *
   * @param listener receives the session's results, or null for a session read by the caller
   */
  RemoteStreamSession open(OpenStreamRequest request, StreamListener listener) {
    lifecycle.requireOpen();
    return openTracked(request, listener, options);
  }

  /** Opens a session, and keeps it for the client's close until it ends. */
  private RemoteStreamSession openTracked(OpenStreamRequest request, StreamListener listener,
      StreamOptions options) {
    String version = UnaryCall.await(calls.agreed(options.feature(request)));
    RemoteStreamSession session;
    try {
      session = RemoteStreamSession.open(channel, request, listener, options, version);
    } catch (RemoteMediaException e) {
      throw FailureLocator.locate(e, request.manifest());
    }
    return lifecycle.track(session);
  }

  private static long wireBytes(ExecutionRequest request) {
    long bytes = 0;
    for (AudioBuffer input : request.inputs().values()) {
      bytes += (long) input.sampleCount() * input.format().sampleFormat().bytesPerSample();
    }
    return bytes;
  }
}
