package io.remotemedia.client;

import io.grpc.Deadline;
import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Runs a single-source {@link ExecutionRequest} through StreamPipeline: the input goes out in
 * chunks of at most {@code chunkBytes}, each chunk's audio is appended per sink, then the
 * tails. The result has the shape of a unary call's: whole buffers per sink, the data outputs
 * and metrics of the whole session. Up to the session's prefetch of chunks are in flight, so
 * the transfer is pipelined but memory stays bounded by the output itself. The session's calls
 * end by the client's deadline, as a unary call does.
 */
final class StreamedExecution {
  /**
   * Attempts per streamed execution, the first included: as many as the SDK makes of a unary
   * call that the transport cut.
   */
  static final int MAX_ATTEMPTS = 1 + CutCallRetry.EXTRA_ATTEMPTS;

  private StreamedExecution() {}

  /**
   * Runs {@code request} through the session {@code open} gives, whose calls end by {@code
   * callDeadline}.
   *
   * <p>A stream that a draining server ends (kind DRAINING) is opened again and sent the
   * whole input again after a pause ({@link AttemptPause}), up to {@link #MAX_ATTEMPTS}
   * attempts in all while the pause ends before {@code callDeadline}: the result goes to the
   * caller only once the stream has finished, so nothing of the ended attempt has been
   * delivered. A stream whose server said it drains is
   * left early, and made again likewise, once the chunks it has not answered would outlast
   * the grace period ({@link StreamedProgress#leaveDrainingServer}).
   *
   * @param deadline the client's deadline as configured, for messages
   * @param callDeadline when that deadline passes for this execution
   * @throws RemoteMediaException DEADLINE_EXCEEDED naming the deadline and how far the call
   *     got, DRAINING naming the call and its attempts, or the session's failure
   */
  static ExecutionResult run(ExecutionRequest request, int chunkBytes, Duration deadline,
      Deadline callDeadline, Function<OpenStreamRequest, RemoteStreamSession> open) {
    if (request.inputs().size() != 1) {
      throw new IllegalArgumentException("a streamed execution needs exactly one input (one"
          + " source node), got " + request.inputs().keySet());
    }
    checkSource(request);
    AudioBuffer input = request.inputs().values().iterator().next();
    checkInputSamples(input, request.limits().maxInputSamples());
    AudioFormat format = input.format();
    int chunkFrames = Math.max(1, chunkBytes / format.bytesPerFrame());
    StreamedProgress progress = new StreamedProgress(
        (input.frameCount() + chunkFrames - 1L) / chunkFrames, deadline, callDeadline);
    OpenStreamRequest stream =
        new OpenStreamRequest(request.manifest(), format, request.limits());
    while (true) {
      try {
        return attempt(stream, input, chunkFrames, progress, open);
      } catch (RemoteMediaException e) {
        // The whole input is still here and nothing has reached the caller: a call that a
        // drain ended goes again, on a replica the channel's round-robin picks (the draining
        // one no longer takes streams), as a unary call that a drain refused does.
        // After a pause, as the channel's policy pauses between a unary call's attempts.
        if (!progress.endedByDrain() || progress.attempts() >= MAX_ATTEMPTS) {
          throw e;
        }
        if (!AttemptPause.pause(progress.attempts() + 1, callDeadline)) {
          throw Thread.currentThread().isInterrupted()
              ? AttemptPause.interrupted(progress.attempts(), e) : e;
        }
        progress.restart();
      }
    }
  }

  /** Runs one stream of the whole input; its failure is told by {@code progress}. */
  private static ExecutionResult attempt(OpenStreamRequest stream, AudioBuffer input,
      int chunkFrames, StreamedProgress progress,
      Function<OpenStreamRequest, RemoteStreamSession> open) {
    RemoteStreamSession opened;
    try {
      opened = open.apply(stream);
    } catch (RemoteMediaException e) {
      throw progress.explain(e, -1);
    }
    progress.opened();
    try (RemoteStreamSession session = opened) {
      try {
        return stream(session, input, chunkFrames, progress);
      } catch (RemoteMediaException e) {
        throw progress.explain(e, session.drainingDeadlineMs(), session.resumingAfter());
      }
    }
  }

  private static ExecutionResult stream(RemoteStreamSession session, AudioBuffer input,
      int chunkFrames, StreamedProgress progress) {
    Map<String, Appender> sinks = new LinkedHashMap<>();
    AudioFormat format = input.format();
    int channels = format.channelCount();
    Iterator<StreamResult> results = session.results();
    int window = session.prefetch();
    for (int from = 0; from < input.frameCount(); from += chunkFrames) {
      int to = Math.min(input.frameCount(), from + chunkFrames);
      float[] samples = Arrays.copyOfRange(input.samples(), from * channels, to * channels);
      session.send(AudioBuffer.of(format, samples, to - from));
      progress.sent();
      // Read before sending more than the window: the server stops reading while its
      // results wait, and results beyond the window are not requested.
      while (progress.inFlight() >= window) {
        append(sinks, results.next().audioOutputs());
        answered(session, progress);
      }
    }
    while (progress.inFlight() > 0) {
      append(sinks, results.next().audioOutputs());
      answered(session, progress);
    }
    ExecutionResult closed = session.awaitFinish();
    append(sinks, closed.audioOutputs());
    Map<String, AudioBuffer> audio = new LinkedHashMap<>();
    sinks.forEach((sink, appender) -> audio.put(sink, appender.toBuffer()));
    return new ExecutionResult(audio, closed.dataOutputs(), closed.metrics());
  }

  /**
   * Counts a chunk answered, and leaves a draining server (throwing DRAINING, which {@link
   * #run} makes again elsewhere) when the rest of the call would outlast its grace period.
   */
  private static void answered(RemoteStreamSession session, StreamedProgress progress) {
    progress.answered();
    OptionalLong graceEnds = session.drainingEndsAtNanos();
    if (graceEnds.isPresent()) {
      Optional<RemoteMediaException> leave =
          progress.leaveDrainingServer(graceEnds.getAsLong(), MAX_ATTEMPTS);
      if (leave.isPresent()) {
        throw leave.get();
      }
    }
  }

  /**
   * Refuses an input keyed by something other than a source, as the server refuses it on a
   * unary call: a stream has no keys, so the input would go to the source whatever its key.
   * Refuses, too, a manifest with a source the input is not for, in the unary call's words:
   * a stream feeds one source, and the server would refuse to open one for several in words
   * about streams, which this call's user did not open.
   */
  private static void checkSource(ExecutionRequest request) {
    try {
      EndpointKeyCheck.sources(request.manifest(), "audio_inputs", request.inputs().keySet());
      EndpointKeyCheck.everySourceGiven(request.manifest(), request.inputs().keySet());
    } catch (PipelineException e) {
      throw new RemoteMediaException(Status.Code.INVALID_ARGUMENT,
          PipelineException.builder(e.kind(), e.getMessage()).cause(e));
    }
  }

  /**
   * The server bounds a stream's chunks, not their sum (it holds one chunk at a time), so the
   * request's own {@code max_input_samples} is checked here, against the whole input, as a
   * unary call and a local run check it.
   */
  private static void checkInputSamples(AudioBuffer input, long maxInputSamples) {
    long samples = input.sampleCount();
    if (maxInputSamples > 0 && samples > maxInputSamples) {
      throw new RemoteMediaException(Status.Code.RESOURCE_EXHAUSTED,
          PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the inputs hold " + samples
                  + " samples, over the limit of " + maxInputSamples + " (max_input_samples)")
              .limit(new LimitViolation("max_input_samples", maxInputSamples, samples)));
    }
  }

  private static void append(Map<String, Appender> sinks, Map<String, AudioBuffer> outputs) {
    outputs.forEach((sink, buffer) ->
        sinks.computeIfAbsent(sink, id -> new Appender(buffer.format())).add(buffer));
  }

  /** One sink's audio, growing by doubling. */
  private static final class Appender {
    private final AudioFormat format;
    private float[] samples = new float[0];
    private int sampleCount;

    Appender(AudioFormat format) {
      this.format = format;
    }

    void add(AudioBuffer buffer) {
      int count = buffer.sampleCount();
      if (sampleCount + count > samples.length) {
        samples = Arrays.copyOf(samples, Math.max(sampleCount + count, samples.length * 2));
      }
      System.arraycopy(buffer.samples(), 0, samples, sampleCount, count);
      sampleCount += count;
    }

    AudioBuffer toBuffer() {
      return AudioBuffer.of(format, Arrays.copyOf(samples, sampleCount),
          sampleCount / format.channelCount());
    }
  }
}
