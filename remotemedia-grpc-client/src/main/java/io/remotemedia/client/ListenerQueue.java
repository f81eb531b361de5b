package io.remotemedia.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * Runs one session's {@link StreamListener} callbacks one at a time, in the order given, on a
 * shared pool of daemon threads instead of grpc's callback thread. A listener that blocks then
 * holds back only its own later callbacks: grpc still delivers the call's end and its flow
 * control events, so a blocked {@code send()} learns that the server ended the session (issue
 * 13, finding 5). A pool thread ends once it has had no callback to run for {@link
 * #IDLE_TIME}, so that none outlives the application that used the SDK by long; see {@link
 * SdkThreadFactory} for what the threads do not keep. Thread-safe.
 */
final class ListenerQueue {
  /** How long a pool thread waits for a callback before it ends. */
  static final Duration IDLE_TIME = Duration.ofSeconds(5);

  // Shared by every session: threads are made on demand.
  private static final Executor POOL = pool(IDLE_TIME);

  private final Consumer<Throwable> onListenerFailure;
  private final Executor pool;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  /**
   * @param onListenerFailure told when a callback throws (the contract says it must not), an
   *     exception or an Error
   */
  ListenerQueue(Consumer<Throwable> onListenerFailure) {
    this(onListenerFailure, POOL);
  }

  /**
   * @param onListenerFailure as above
   * @param pool the threads that run the callbacks, a {@link #pool} or the SDK's
   */
  ListenerQueue(Consumer<Throwable> onListenerFailure, Executor pool) {
    this.onListenerFailure = onListenerFailure;
    this.pool = pool;
  }

  /**
   * {@return a pool that makes threads on demand, each of which ends once it has waited
   * {@code idleTime} for a callback} A callback handed over as a thread ends is not lost: the
   * hand-off succeeds only to a thread still waiting, and a new thread is made otherwise.
   */
  static ThreadPoolExecutor pool(Duration idleTime) {
    return SdkThreadFactory.onDemandPool("remotemedia-stream-listener", idleTime);
  }

  /** Queues {@code callback} behind the ones queued before it. */
  void run(Runnable callback) {
    synchronized (tasks) {
      tasks.add(callback);
      if (running) {
        return;
      }
      running = true;
    }
    // With no thread to be had, on this one (grpc's) rather than never, which would leave the
    // queue marked running and the session without its later callbacks and its end.
    SdkThreadFactory.executeOrRunHere(pool, this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (tasks) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException | Error e) {
        // An Error too (an assertion in a test's listener): let through, it would end this
        // thread with the queue still marked running, so that no later callback ran and the
        // session's end never came. It goes to the session instead, as the cause of its failure.
        onListenerFailure.accept(e);
      }
    }
  }
}
