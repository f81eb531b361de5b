package io.remotemedia.bench.load;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.client.StreamListener;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds {@code concurrency} live streams over the connections, each sending one chunk every
 * chunk period like a microphone would (open loop per stream, starts spread over one period).
 * A chunk's latency runs from the time it was due to be sent to the arrival of its result, so
 * a late send counts. Opening the streams is not measured; a stream that fails to open or fails
 * later counts as an error by status code. The streams go to a RemoteMedia server
 * ({@link #remote}), to the echo floor ({@link EchoStreams}) or to the same pipeline in process
 * ({@link LocalStreams}); pacing, latency and report are the same for all three.
 */
final class StreamLoad {
  /** Threads that send the chunks; each serves every PACER_THREADS-th stream. */
  static final int PACER_THREADS = 2;

  private final StreamOpener opener;
  private final LoadOptions options;
  private long aliveAtEnd;

  StreamLoad(StreamOpener opener, LoadOptions options) {
    this.opener = opener;
    this.options = options;
  }

  /** Streams through the client SDK, stream {@code i} on client {@code i % clients}. */
  static StreamOpener remote(List<RemoteMediaClient> clients, Workload workload, int chunkMs) {
    List<RemoteMediaClient> copy = List.copyOf(clients);
    AudioBuffer[] chunks = workload.chunks(chunkMs);
    OpenStreamRequest open = OpenStreamRequest.of(workload.manifest(), workload.input().format());
    return (index, events) -> {
      RemoteListener listener = new RemoteListener(events);
      RemoteStreamSession session;
      try {
        session = copy.get(index % copy.size()).openSession(open, listener);
      } catch (RemoteMediaException e) {
        events.failed(e.code().name());
        return null;
      }
      return new PacedCall() {
        @Override
        public boolean send(long sequence) {
          try {
            session.send(chunks[(int) (sequence % chunks.length)]);
            return true;
          } catch (RemoteMediaException e) {
            return false; // The listener's onError records it.
          }
        }

        @Override
        public void cancel() {
          session.cancel();
        }
      };
    };
  }

  /**
   * Opens the streams, runs the warm-up, then the measured part, with the CPU time of {@code
   * cpu} (may be null); cancels the streams.
   */
  Measurement.Snapshot run(ProcessCpu cpu, Map<String, Long> warmupErrors)
      throws InterruptedException {
    Measurement measurement = new Measurement(cpu);
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(options.chunkMs());
    List<PacedStream> streams = new ArrayList<>();
    List<Thread> pacers = new ArrayList<>();
    try {
      for (int i = 0; i < options.concurrency(); i++) {
        PacedStream stream = new PacedStream(periodNanos, measurement);
        stream.call = opener.open(i, stream);
        if (stream.call != null) {
          streams.add(stream);
        }
      }
      // Every stream is open before the first is due, so each keeps its schedule from the start.
      // Starts are spread evenly over one period; pacer p sends for streams p, p + P, p + 2P...
      long firstStart = System.nanoTime() + periodNanos;
      for (int i = 0; i < streams.size(); i++) {
        streams.get(i).startNanos = firstStart + periodNanos * i / streams.size();
      }
      int pacerCount = Math.min(PACER_THREADS, Math.max(1, streams.size()));
      for (int p = 0; p < pacerCount; p++) {
        List<PacedStream> mine = new ArrayList<>();
        for (int i = p; i < streams.size(); i += pacerCount) {
          mine.add(streams.get(i));
        }
        Thread pacer = new Thread(() -> pace(mine), "stream-pacer-" + p);
        pacer.setDaemon(true);
        pacer.start();
        pacers.add(pacer);
      }
      UnaryLoad.sleepUntil(System.nanoTime() + options.warmup().toNanos());
      warmupErrors.putAll(measurement.restart());
      UnaryLoad.sleepUntil(System.nanoTime() + options.duration().toNanos());
      Measurement.Snapshot snapshot = measurement.finish();
      aliveAtEnd = streams.stream().filter(stream -> !stream.failed).count();
      return snapshot;
    } finally {
      pacers.forEach(Thread::interrupt);
      for (PacedStream stream : streams) {
        stream.call.cancel();
      }
      for (Thread pacer : pacers) {
        pacer.join(TimeUnit.SECONDS.toMillis(5));
      }
    }
  }

  /**
   * Sends each stream's chunks when they are due, visiting the streams in the order of their
   * start offsets, round after round, until interrupted. One thread serves many streams: it
   * sleeps only until the next chunk is due, so chunks that fall due together go out in one
   * burst instead of one timer wake-up each. A send that blocks (the call is not ready) delays
   * the streams after it; that delay counts in their latency, as it should in an open loop.
   */
  private static void pace(List<PacedStream> streams) {
    List<PacedStream> live = new ArrayList<>(streams);
    int next = 0;
    while (!live.isEmpty() && !Thread.currentThread().isInterrupted()) {
      if (next >= live.size()) {
        next = 0;
      }
      PacedStream stream = live.get(next);
      if (stream.failed) {
        live.remove(next);
        continue;
      }
      long wait = stream.dueNanos() - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
      if (stream.sendNext()) {
        next++;
      } else {
        live.remove(next);
      }
    }
  }

  /** Streams that had not failed when the measured part ended. */
  long aliveAtEnd() {
    return aliveAtEnd;
  }

  /** Opens stream number {@code index} of a run. */
  @FunctionalInterface
  interface StreamOpener {
    /**
     * Opens one stream whose results and failure go to {@code events}.
     *
     * @return the open stream, or null if it failed to open (after reporting the failure)
     */
    PacedCall open(int index, StreamEvents events);
  }

  /** One open stream, as the pacer drives it. */
  interface PacedCall {
    /**
     * Sends chunk {@code sequence} (0, 1, 2, ...), blocking while the call is not ready.
     *
     * @return false if the stream has failed (the failure is reported through its events)
     */
    boolean send(long sequence);

    /** Cancels the call; safe from any thread. */
    void cancel();
  }

  /** What a stream reports back. */
  interface StreamEvents {
    /** The result of chunk {@code sequence} arrived. */
    void result(long sequence);

    /** The stream failed with the gRPC status code named {@code code}. */
    void failed(String code);

    /**
     * An in-process stream spent {@code nanos} of its thread's CPU time inside the pipeline for
     * one chunk (remote streams never report it).
     */
    void pipelineCpu(long nanos);
  }

  /** Adapts the SDK's listener to {@link StreamEvents}. */
  private record RemoteListener(StreamEvents events) implements StreamListener {
    @Override
    public void onResult(StreamResult result) {
      events.result(result.sequence());
    }

    @Override
    public void onError(RemoteMediaException error) {
      events.failed(error.code().name());
    }
  }

  /** One stream: sends on the pacer's schedule, records each result's latency. */
  private static final class PacedStream implements StreamEvents {
    private final long periodNanos;
    private final Measurement measurement;
    private volatile boolean failed;
    private long sent;
    volatile long startNanos;
    volatile PacedCall call;

    PacedStream(long periodNanos, Measurement measurement) {
      this.periodNanos = periodNanos;
      this.measurement = measurement;
    }

    /** When the next chunk is due. */
    long dueNanos() {
      return startNanos + sent * periodNanos;
    }

    /** Sends the next chunk; returns false when the stream has failed. */
    boolean sendNext() {
      if (failed || !call.send(sent)) {
        failed = true;
        return false;
      }
      sent++;
      return true;
    }

    @Override
    public void result(long sequence) {
      long due = startNanos + sequence * periodNanos;
      measurement.record(System.nanoTime() - due, CallOutcome.OK);
    }

    @Override
    public void failed(String code) {
      failed = true;
      measurement.error(code);
    }

    @Override
    public void pipelineCpu(long nanos) {
      measurement.pipelineCpu(nanos);
    }
  }
}
