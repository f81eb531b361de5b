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
 * later counts as an error by status code.
 */
final class StreamLoad {
  private final List<RemoteMediaClient> clients;
  private final Workload workload;
  private final LoadOptions options;
  private long aliveAtEnd;

  StreamLoad(List<RemoteMediaClient> clients, Workload workload, LoadOptions options) {
    this.clients = List.copyOf(clients);
    this.workload = workload;
    this.options = options;
  }

  /**
   * Opens the streams, runs the warm-up, then the measured part, with the CPU time of {@code
   * cpu} (may be null); cancels the streams.
   */
  Measurement.Snapshot run(ProcessCpu cpu, Map<String, Long> warmupErrors)
      throws InterruptedException {
    Measurement measurement = new Measurement(cpu);
    AudioBuffer[] chunks = workload.chunks(options.chunkMs());
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(options.chunkMs());
    OpenStreamRequest open = OpenStreamRequest.of(workload.manifest(),
        workload.input().format());
    ScheduledExecutorService pacer = Executors.newScheduledThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
          Thread thread = new Thread(runnable, "stream-pacer");
          thread.setDaemon(true);
          return thread;
        });
    List<PacedStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < options.concurrency(); i++) {
        PacedStream stream = new PacedStream(periodNanos, chunks, measurement);
        try {
          stream.session = clients.get(i % clients.size()).openSession(open, stream);
        } catch (RemoteMediaException e) {
          measurement.error(e.code().name());
          continue;
        }
        streams.add(stream);
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
        stream.session.cancel();
      }
      pacer.shutdownNow();
    }
  }

  /** Streams that had not failed when the measured part ended. */
  long aliveAtEnd() {
    return aliveAtEnd;
  }

  /** One stream: sends on the pacer's schedule, records each result's latency. */
  private static final class PacedStream implements StreamListener {
    private final long periodNanos;
    private final AudioBuffer[] chunks;
    private final Measurement measurement;
    private volatile boolean failed;
    private long sent;
    volatile long startNanos;
    volatile RemoteStreamSession session;
    volatile ScheduledFuture<?> task;

    PacedStream(long periodNanos, AudioBuffer[] chunks, Measurement measurement) {
      this.periodNanos = periodNanos;
      this.chunks = chunks;
      this.measurement = measurement;
    }

    void sendNext() {
      if (failed) {
        throw new CancellationException("the stream failed"); // Ends the schedule.
      }
      try {
        session.send(chunks[(int) (sent % chunks.length)]);
        sent++;
      } catch (RemoteMediaException e) {
        // onError records it.
        failed = true;
      }
    }

    @Override
    public void onResult(StreamResult result) {
      long due = startNanos + result.sequence() * periodNanos;
      measurement.record(System.nanoTime() - due, CallOutcome.OK);
    }

    @Override
    public void onError(RemoteMediaException error) {
      failed = true;
      measurement.error(error.code().name());
    }
  }
}
