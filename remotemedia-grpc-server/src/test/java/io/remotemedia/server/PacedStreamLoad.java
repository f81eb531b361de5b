package io.remotemedia.server;

import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.client.StreamListener;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live streams for the fleet tests, as a well-behaved client runs them: each thread opens a
 * stream, sends 20 ms chunks of 44.1 kHz mono in real time through the {@link
 * UnaryCallLoad#RESAMPLE} pipeline, and finishes after {@code chunksPerStream} chunks, or as soon
 * as the server says {@code draining}; then it opens the next stream. Each stream's outcome is
 * kept: finished with its output checked against a local run of what was sent, or failed with
 * a status.
 */
final class PacedStreamLoad implements AutoCloseable {
  private static final AudioFormat MONO_44K = AudioFormat.f32(44100, 1);
  private static final int CHUNK_FRAMES = 882;
  private static final long CHUNK_MS = 20;

  private final RemoteMediaClient client;
  private final int chunksPerStream;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final Map<Integer, Integer> expectedFrames = new ConcurrentHashMap<>();
  private final LocalPipelineRunner local = LocalPipelineRunner.create();
  private final List<Thread> threads = new ArrayList<>();

  private PacedStreamLoad(RemoteMediaClient client, int chunksPerStream) {
    this.client = client;
    this.chunksPerStream = chunksPerStream;
  }

  /** Starts {@code streams} threads, each keeping one stream open at a time. */
  static PacedStreamLoad start(RemoteMediaClient client, int streams, int chunksPerStream) {
    PacedStreamLoad load = new PacedStreamLoad(client, chunksPerStream);
    for (int i = 0; i < streams; i++) {
      Thread thread = new Thread(load::runStreams, "stream-load-" + i);
      thread.start();
      load.threads.add(thread);
    }
    return load;
  }

  /** The streams that ended so far. */
  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Stops opening streams and waits for the open ones to end. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
  }

  private void runStreams() {
    while (running.get()) {
      try {
        outcomes.add(runOne());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Outcome runOne() throws InterruptedException {
    AtomicLong framesOut = new AtomicLong();
    AtomicBoolean drainingSeen = new AtomicBoolean();
    StreamListener listener = new StreamListener() {
      @Override
      public void onResult(StreamResult result) {
        framesOut.addAndGet(result.audioOutputs().get("resample").frameCount());
      }

      @Override
      public void onDraining(long deadlineMs) {
        drainingSeen.set(true);
      }
    };
    int sent = 0;
    try (RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(UnaryCallLoad.RESAMPLE, MONO_44K), listener)) {
      while (sent < chunksPerStream && !drainingSeen.get()) {
        session.send(AudioBuffer.of(MONO_44K, new float[CHUNK_FRAMES]));
        sent++;
        Thread.sleep(CHUNK_MS);
      }
      ExecutionResult tails = session.finish().get(30, TimeUnit.SECONDS);
      long total = framesOut.get() + tails.audio("resample").frameCount();
      return new Outcome(sent, drainingSeen.get(), total, expectedFrames(sent), null, "");
    } catch (RemoteMediaException e) {
      return failed(sent, drainingSeen.get(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RemoteMediaException remote) {
        return failed(sent, drainingSeen.get(), remote);
      }
      throw new AssertionError("finish() failed with an unexpected exception", e);
    } catch (TimeoutException e) {
      throw new AssertionError("finish() did not complete within 30 s", e);
    }
  }

  private static Outcome failed(int sent, boolean draining, RemoteMediaException e) {
    return new Outcome(sent, draining, -1, -1, e.code(), e.kind() + ": " + e.getMessage());
  }

  private long expectedFrames(int chunks) {
    return expectedFrames.computeIfAbsent(chunks, n -> local.execute(ExecutionRequest.of(
            UnaryCallLoad.RESAMPLE, "resample",
            AudioBuffer.of(MONO_44K, new float[n * CHUNK_FRAMES])))
        .audio("resample").frameCount());
  }

  /**
   * How one stream ended.
   *
   * @param chunksSent chunks the client sent
   * @param toldDraining whether the server sent {@code draining} before it ended
   * @param framesOut output frames received (results and tails); -1 if it failed
   * @param framesExpected output frames of a local run of the chunks sent; -1 if it failed
   * @param failure the status it failed with, or null if it finished
   * @param message the failure's kind and message, or empty
   */
  record Outcome(int chunksSent, boolean toldDraining, long framesOut, long framesExpected,
      Status.Code failure, String message) {
    /** Finished with every output frame its input should give. */
    boolean complete() {
      return failure == null && framesOut == framesExpected;
    }
  }
}
