package io.remotemedia.client;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs one session's {@link StreamListener} callbacks one at a time, in the order given, on a
 * shared pool of daemon threads instead of grpc's callback thread. A listener that blocks then
 * holds back only its own later callbacks: grpc still delivers the call's end and its flow
 * control events, so a blocked {@code send()} learns that the server ended the session (issue
 * 13, finding 5). Thread-safe.
 */
final class ListenerQueue {
  // Shared by every session: threads are made on demand and end after 60 s idle.
  private static final ExecutorService POOL = Executors.newCachedThreadPool(new ThreadFactory());

  private final Consumer<Throwable> onListenerFailure;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  /**
   * @param onListenerFailure told when a callback throws (the contract says it must not), an
   *     exception or an Error
   */
  ListenerQueue(Consumer<Throwable> onListenerFailure) {
    this.onListenerFailure = onListenerFailure;
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
    POOL.execute(this::drain);
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

  private static final class ThreadFactory implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "remotemedia-stream-listener-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
