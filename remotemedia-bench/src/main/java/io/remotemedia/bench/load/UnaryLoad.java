package io.remotemedia.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives unary calls from {@code concurrency} threads, thread {@code i} using connection
 * {@code i % connections}. Closed loop: each thread calls again as soon as a call returns.
 * Open loop: call {@code k} is due at {@code start + k / rate}; a free thread takes the next
 * due call, waits for its time and measures latency from that intended start, so time spent
 * queued behind slow calls counts (no coordinated omission). Use enough threads to cover the
 * rate times the latency.
 */
final class UnaryLoad {
  private final List<UnaryCall> connections;
  private final LoadOptions options;

  UnaryLoad(List<UnaryCall> connections, LoadOptions options) {
    this.connections = List.copyOf(connections);
    this.options = options;
  }

  /**
   * Runs the warm-up, then the measured part, and returns what the latter recorded, with the
   * CPU time of {@code cpu} (may be null); errors of the warm-up go to {@code warmupErrors}.
   */
  Measurement.Snapshot run(ProcessCpu cpu, Map<String, Long> warmupErrors)
      throws InterruptedException {
    Measurement measurement = new Measurement(cpu);
    long start = System.nanoTime();
    long warmupEnd = start + options.warmup().toNanos();
    long measureEnd = warmupEnd + options.duration().toNanos();
    AtomicLong nextTicket = new AtomicLong();
    double intervalNanos = options.openLoop() ? 1e9 / options.ratePerSecond() : 0;
    Deadline deadline = new Deadline(options.requests() == 0, measureEnd);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < options.concurrency(); i++) {
      UnaryCall call = connections.get(i % connections.size());
      Thread worker = new Thread(() -> {
        while (!deadline.passed()) {
          long intended;
          if (options.openLoop()) {
            intended = start + (long) (nextTicket.getAndIncrement() * intervalNanos);
            if (deadline.passedAt(intended)) {
              return;
            }
            for (long wait = intended - System.nanoTime(); wait > 0;
                wait = intended - System.nanoTime()) {
              LockSupport.parkNanos(wait);
            }
          } else {
            intended = System.nanoTime();
          }
          CallOutcome outcome = call.call();
          measurement.record(System.nanoTime() - intended, outcome);
        }
      }, "load-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    sleepUntil(warmupEnd);
    warmupErrors.putAll(measurement.restart());
    if (options.requests() > 0) {
      while (measurement.completed() < options.requests()) {
        Thread.sleep(5);
      }
    } else {
      sleepUntil(measureEnd);
    }
    Measurement.Snapshot snapshot = measurement.finish();
    deadline.end();
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(70));
    }
    return snapshot;
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** When the workers stop. */
  private static final class Deadline {
    private final boolean timed;
    private final long endNanos;
    private volatile boolean ended;

    Deadline(boolean timed, long endNanos) {
      this.timed = timed;
      this.endNanos = endNanos;
    }

    boolean passed() {
      return passedAt(System.nanoTime());
    }

    boolean passedAt(long nanoTime) {
      return ended || (timed && nanoTime - endNanos >= 0);
    }

    void end() {
      ended = true;
    }
  }
}
