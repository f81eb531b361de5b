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
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds {@code concurrency} live streams over the connections, each sending one chunk every
 * chunk period like a microphone would (open loop per stream, starts spread over one period).
 * A chunk's latency runs from the time it was due to be sent to the arrival of its result, so
 * a late send counts. Opening the streams is not measured; a stream that fails to open or fails
 * later counts as an error by status code. The streams go to a RemoteMedia server
 * ({@link #remote}) or to the echo floor ({@link EchoStreams}); pacing, latency and report are
 * the same for both.
 */
final class StreamLoad {
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
    ScheduledExecutorService pacer = Executors.newScheduledThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
          Thread thread = new Thread(runnable, "stream-pacer");
          thread.setDaemon(true);
          return thread;
        });
    List<PacedStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < options.concurrency(); i++) {
        PacedStream stream = new PacedStream(periodNanos, measurement);
        stream.call = opener.open(i, stream);
        if (stream.call != null) {
          streams.add(stream);
        }
      }
      // Every stream is open before the first is due, so each keeps its schedule from the start.
      long firstStart = System.nanoTime() + periodNanos;
      for (int i = 0; i < streams.size(); i++) {
        PacedStream stream = streams.get(i);
        stream.startNanos = firstStart + periodNanos * i / streams.size();
        stream.task = pacer.scheduleAtFixedRate(stream::sendNext,
            stream.startNanos - System.nanoTime(), periodNanos, TimeUnit.NANOSECONDS);
      }
      UnaryLoad.sleepUntil(System.nanoTime() + options.warmup().toNanos());
      warmupErrors.putAll(measurement.restart());
      UnaryLoad.sleepUntil(System.nanoTime() + options.duration().toNanos());
      Measurement.Snapshot snapshot = measurement.finish();
      aliveAtEnd = streams.stream().filter(stream -> !stream.failed).count();
      return snapshot;
    } finally {
      for (PacedStream stream : streams) {
        if (stream.task != null) {
          stream.task.cancel(false);
        }
        stream.call.cancel();
      }
      pacer.shutdownNow();
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
    volatile ScheduledFuture<?> task;

    PacedStream(long periodNanos, Measurement measurement) {
      this.periodNanos = periodNanos;
      this.measurement = measurement;
    }

    void sendNext() {
      if (failed || !call.send(sent)) {
        failed = true;
        throw new CancellationException("the stream failed"); // Ends the schedule.
      }
      sent++;
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
  }
}
