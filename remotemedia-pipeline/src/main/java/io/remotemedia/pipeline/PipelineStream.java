package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.encoding.EncodedAudio;

/**
 * A live streaming session: push chunks in sequence, get each chunk's output back in order,
 * then {@link #finish()} to flush every stateful node and receive the tails and the metrics,
 * or {@link #cancel()} to abort. Concatenating every result's audio and the finish tails gives
 * the same audio as one unary execution of the whole input.
 *
 * <pre>{@code
 * try (PipelineStream stream = runner.openStream(OpenStreamRequest.of(manifest, format))) {
 *   for (long seq = 0; hasMore(); seq++) {
 *     StreamResult result = stream.push(seq, nextChunk());
 *     play(result.audioOutputs().get("out"));
 *   }
 *   ExecutionResult tail = stream.finish();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread at a time pushes; {@link #cancel()} may be called from any
 * thread.
 */
public interface PipelineStream extends AutoCloseable {
  /** {@return an id for logs and support} */
  String sessionId();

  /**
   * Processes one chunk.
   *
   * @param sequence 0 for the first chunk, then one more per chunk
   * @param chunk audio in the stream's input format
   * @return the audio each sink produced from this chunk (possibly empty while a node fills a
   *     block), and the data outputs reported since the previous chunk
   * @throws PipelineException INVALID_AUDIO for a chunk out of sequence or in another format,
   *     CANCELLED after {@link #cancel()}, TIMEOUT past the session's time limit, or
   *     NODE_EXECUTION; once a push or {@link #finish()} has failed, every later one throws
   *     that failure again, with its kind and message
   * @throws IllegalStateException after {@link #finish()} has returned: "stream ID has
   *     finished; no chunk may follow finish(): open a new stream"
   */
  StreamResult push(long sequence, AudioBuffer chunk);

  /**
   * Processes one coded chunk (G.711, or raw Opus packets, where a packet of length 0 is lost
   * and concealed). A stream keeps one decoder for all its chunks, so Opus state carries from
   * chunk to chunk. Local streams ({@code LocalPipelineRunner}) and remote ones ({@code
   * RemoteMediaClient.openStream}) implement it; other implementations may not.
   *
   * @param sequence 0 for the first chunk, then one more per chunk
   * @param chunk coded audio that decodes to the stream's input rate and channels
   * @return as {@link #push(long, AudioBuffer)}
   * @throws PipelineException INVALID_AUDIO naming the chunk's sequence, the problem and the
   *     byte offset for a corrupt packet or a truncated G.711 run; and as {@link #push(long,
   *     AudioBuffer)}
   * @throws UnsupportedOperationException if this stream takes PCM only
   */
  default StreamResult push(long sequence, EncodedAudio chunk) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " takes PCM chunks only; wrap it in a CodedPipelineStream");
  }

  /**
   * Flushes every node and ends the session. Once it has returned, calling it again returns the
   * same result (the nodes are flushed once).
   *
   * @return the tails per sink, final data outputs, and the metrics of the whole session
   */
  ExecutionResult finish();

  /**
   * Aborts the session; further calls fail with CANCELLED. Safe from any thread: a push or
   * {@link #finish()} running on another thread stops before its next node call and throws
   * CANCELLED (one that has run its last node returns its result). A local stream gives its
   * memory and its stream slot back once that call has returned, not before: its nodes still
   * use the stream's buffers until then.
   */
  void cancel();

  /** Cancels the session unless it has finished. */
  @Override
  void close();
}
