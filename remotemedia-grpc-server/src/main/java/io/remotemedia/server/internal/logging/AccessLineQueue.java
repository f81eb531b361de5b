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
 * its line: it builds no JSON and wakes no thread before its answer has been sent. The lines
 * are written when the process has no call in flight ({@link #callStarted()}, {@link
 * #callEnded()}): the call that ends last wakes the writing thread, at most once every {@value
 * #INTERVAL_MS} ms, so that the lines' work (about 0.2 ms of CPU for a 10 s call's line, with
 * log4j's appender thread) runs while the server waits for its next request rather than in the
 * middle of one. While calls keep overlapping, the thread looks at the queue every {@value
 * #INTERVAL_MS} ms and writes what has waited {@value #MAX_HELD_LOOKS} looks; after a second
 * without any line it sleeps until the next one. So a line is written as soon as the server is
 * idle, and about 100 ms after its call ended at most, unless stdout is slow
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
  /** How many looks a line waits for the process to have no call in flight. */
  static final int MAX_HELD_LOOKS = 10;
  private static final int IDLE_INTERVALS = 100;

  private final int capacity;
  private final long intervalNanos;
  private final LongConsumer droppedReport;
  private final Consumer<RuntimeException> failedLineReport;
  private final ConcurrentLinkedQueue<Runnable> lines = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger callsInFlight = new AtomicInteger();
  private final Object writing = new Object();
  private final Thread writer;
  private volatile boolean asleep;
  private volatile long lastWokenNanos;

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
    this.lastWokenNanos = System.nanoTime() - intervalNanos;
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
   * it when {@link #capacity} lines wait already. Queue a call's line before the call ends
   * ({@link #callEnded()}): its end is what has it written.
   */
  void add(Runnable line) {
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    lines.add(line);
    // With calls in flight the end of the last one wakes the thread; a line of no call does.
    if (asleep && callsInFlight.get() == 0) {
      LockSupport.unpark(writer);
    }
  }

  /** Counts a call in flight, from its start to {@link #callEnded()}. */
  void callStarted() {
    callsInFlight.incrementAndGet();
  }

  /**
   * Counts a call's end, once its answer has been sent: if no other call is in flight and
   * lines wait, the thread writes them now, unless a call's end woke it less than an interval
   * ago. A sleeping thread is woken whatever is in flight, so that no line waits for the next
   * idle moment without a bound.
   */
  void callEnded() {
    int left = callsInFlight.decrementAndGet();
    if (lines.isEmpty()) {
      return;
    }
    if (asleep) {
      LockSupport.unpark(writer);
    } else if (left == 0) {
      long now = System.nanoTime();
      if (now - lastWokenNanos >= intervalNanos) {
        lastWokenNanos = now;
        LockSupport.unpark(writer);
      }
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
    int heldLooks = 0;
    while (!Thread.currentThread().isInterrupted()) {
      if (!lines.isEmpty()) {
        idleIntervals = 0;
        // Woken by the last call's end, or a look that finds none in flight, or held long.
        if (callsInFlight.get() == 0 || ++heldLooks >= MAX_HELD_LOOKS) {
          heldLooks = 0;
          writeWaiting();
        }
      } else if (++idleIntervals >= IDLE_INTERVALS) {
        asleep = true;
        // add() and callEnded() queue, then read asleep; this thread sets asleep, then looks
        // at the queue: one of them sees the other's write, so no line waits unbounded.
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
