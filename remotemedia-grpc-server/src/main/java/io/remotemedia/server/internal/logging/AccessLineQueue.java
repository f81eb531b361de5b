package io.remotemedia.server.internal.logging;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes access lines on a thread of its own, in batches, so that a call's thread only queues
 * its line: it neither builds the JSON nor wakes a logging thread once per call. While lines
 * come, the writing thread looks at the queue every {@value #INTERVAL_MS} ms and writes what is
 * there; after a second without any it sleeps until the next one is queued. So a line is
 * written about {@value #INTERVAL_MS} ms after its call ended at most, unless stdout is slow
 * (docs/performance.md, "The access line's cost").
 *
 * <p>At most {@link #capacity} lines wait; more are dropped and counted, and the next batch
 * reports how many, as log4j's async appender behind it discards INFO lines when stdout cannot
 * keep up. A line that throws is reported and skipped; the lines after it are still written.
 * {@link #flush()} writes every line queued before it; the server calls it when it has stopped,
 * so that its last lines follow the calls' lines. One queue ({@link #shared()}) serves the
 * process, like log4j's own appender thread. Thread-safe.
 */
final class AccessLineQueue {
  static final long INTERVAL_MS = 10;
  private static final int IDLE_INTERVALS = 100;

  private final int capacity;
  private final long intervalNanos;
  private final LongConsumer droppedReport;
  private final Consumer<RuntimeException> failedLineReport;
  private final ConcurrentLinkedQueue<Runnable> lines = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Object writing = new Object();
  private final Thread writer;
  private volatile boolean asleep;

  /**
   * Starts the writing thread.
   *
   * @param threadName the writing thread's name
   * @param capacity how many lines may wait
   * @param intervalNanos how often the thread looks at the queue while lines come
   * @param droppedReport told, on the writing thread, how many lines were dropped since the
   *     last report, after the lines that were queued before them
   * @param failedLineReport told what a line threw, on the thread that ran it
   */
  AccessLineQueue(String threadName, int capacity, long intervalNanos,
      LongConsumer droppedReport, Consumer<RuntimeException> failedLineReport) {
    this.capacity = capacity;
    this.intervalNanos = intervalNanos;
    this.droppedReport = droppedReport;
    this.failedLineReport = failedLineReport;
    this.writer = new Thread(this::writeUntilInterrupted, threadName);
    writer.setDaemon(true);
    writer.start();
  }

  /** {@return the process's queue, started on first use} */
  static AccessLineQueue shared() {
    return Shared.QUEUE;
  }

  /**
   * Queues {@code line} (which writes one line when run) without waiting, or drops and counts
   * it when {@link #capacity} lines wait already.
   */
  void add(Runnable line) {
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    lines.add(line);
    if (asleep) {
      LockSupport.unpark(writer);
    }
  }

  /** Writes, on the calling thread, every line queued before this call that is not written. */
  void flush() {
    writeWaiting();
  }

  /** {@return whether the writing thread sleeps until the next line} (for tests) */
  boolean isAsleep() {
    return asleep;
  }

  private void writeUntilInterrupted() {
    int idleIntervals = 0;
    while (!Thread.currentThread().isInterrupted()) {
      if (writeWaiting() > 0) {
        idleIntervals = 0;
      } else if (++idleIntervals >= IDLE_INTERVALS) {
        asleep = true;
        // add() queues, then reads asleep; this thread sets asleep, then looks at the queue:
        // one of the two sees the other's write, so no line waits for the next add().
        if (lines.isEmpty()) {
          LockSupport.park(this);
        }
        asleep = false;
        idleIntervals = 0;
        continue;
      }
      LockSupport.parkNanos(this, intervalNanos);
    }
  }

  private int writeWaiting() {
    synchronized (writing) {
      int written = 0;
      for (Runnable line = lines.poll(); line != null; line = lines.poll()) {
        waiting.decrementAndGet();
        write(line);
        written++;
      }
      // The dropped lines came after those that waited: the report follows them.
      long droppedLines = dropped.getAndSet(0);
      if (droppedLines > 0) {
        droppedReport.accept(droppedLines);
      }
      return written;
    }
  }

  private void write(Runnable line) {
    try {
      line.run();
    } catch (RuntimeException e) {
      // Broad on purpose, and only here: whatever one line throws, the thread that writes
      // every later line of the process must go on.
      failedLineReport.accept(e);
    }
  }

  private static final class Shared {
    private static final Logger log = LogManager.getLogger("io.remotemedia.server.access");
    private static final int CAPACITY = 8192;
    private static final FailureLog FAILED_LINES = new FailureLog(
        TimeUnit.SECONDS.toNanos(10), System::nanoTime, log::error);
    static final AccessLineQueue QUEUE = new AccessLineQueue("remotemedia-access-log", CAPACITY,
        TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS),
        droppedLines -> log.warn(StructuredMessage.of("log.access_dropped", droppedLines
                + " access lines dropped: more than " + CAPACITY + " waited to be written")
            .with("dropped_lines", droppedLines)),
        failure -> FAILED_LINES.failure("an access line could not be written and was skipped: "
            + failure + thrownAt(failure)));

    private static String thrownAt(RuntimeException failure) {
      StackTraceElement[] frames = failure.getStackTrace();
      return frames.length == 0 ? "" : " at " + frames[0];
    }
  }
}
