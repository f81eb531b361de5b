package io.remotemedia.server.internal.cli;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A pipeline stream as {@link StreamedRun} drives it: blocks go in, each block's audio comes
 * back in order, up to {@link #window()} blocks ahead. A local stream answers each block at
 * once; a server's session keeps several in flight, so that the wire is not idle while the
 * server works.
 */
interface BlockStream extends AutoCloseable {
  /** {@return how many blocks may be sent before the first one's result is read} */
  int window();

  /** Sends the next block. */
  void send(AudioBuffer block);

  /** {@return the audio of the oldest block sent and not yet read, by sink} */
  Map<String, AudioBuffer> next();

  /** {@return the tails, the data outputs and the metrics of the whole stream} */
  ExecutionResult finish();

  /** Cancels the stream unless it has finished. */
  @Override
  void close();

  /**
   * {@return how to open block streams on {@code runner}: a local runner's streams, or a
   * client's windowed sessions; empty for another runner}
   */
  static Optional<Function<OpenStreamRequest, BlockStream>> opener(PipelineRunner runner) {
    if (runner instanceof LocalPipelineRunner local) {
      return Optional.of(request -> new Local(local.openStream(request)));
    }
    if (runner instanceof RemoteMediaClient client) {
      return Optional.of(request -> new Remote(client.openSession(request)));
    }
    return Optional.empty();
  }

  /** A local stream: each block is run when it is sent. */
  final class Local implements BlockStream {
    private final PipelineStream stream;
    private final Queue<Map<String, AudioBuffer>> results = new ArrayDeque<>(1);
    private long sequence;

    Local(PipelineStream stream) {
      this.stream = stream;
    }

    @Override
    public int window() {
      return 1;
    }

    @Override
    public void send(AudioBuffer block) {
      results.add(stream.push(sequence++, block).audioOutputs());
    }

    @Override
    public Map<String, AudioBuffer> next() {
      return results.remove();
    }

    @Override
    public ExecutionResult finish() {
      return stream.finish();
    }

    @Override
    public void close() {
      stream.close();
    }
  }

  /** A session on a server, with its prefetch of blocks in flight. */
  final class Remote implements BlockStream {
    private final RemoteStreamSession session;
    private final Iterator<StreamResult> results;

    Remote(RemoteStreamSession session) {
      this.session = session;
      this.results = session.results();
    }

    @Override
    public int window() {
      return Math.max(1, session.prefetch());
    }

    @Override
    public void send(AudioBuffer block) {
      session.send(block);
    }

    @Override
    public Map<String, AudioBuffer> next() {
      return results.next().audioOutputs();
    }

    @Override
    public ExecutionResult finish() {
      try {
        return session.finish().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RemoteMediaException failure) {
          throw failure;
        }
        throw e;
      }
    }

    @Override
    public void close() {
      session.close();
    }
  }
}
