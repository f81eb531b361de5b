package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccessLineQueueTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final List<String> written = new CopyOnWriteArrayList<>();
  private final AtomicLong droppedReported = new AtomicLong();
  private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

  @Test
  void linesQueuedFromACallThread_areWrittenInOrderOnTheQueuesOwnThread() throws Exception {
    AccessLineQueue queue = new AccessLineQueue("test-access-order", 100, MS,
        droppedReported::addAndGet, failures::add);
    CountDownLatch third = new CountDownLatch(1);
    List<String> threads = new CopyOnWriteArrayList<>();
    for (String line : List.of("a", "b", "c")) {
      queue.add(() -> {
        written.add(line);
        threads.add(Thread.currentThread().getName());
        if (line.equals("c")) {
          third.countDown();
        }
      });
    }

    assertThat(third.await(10, TimeUnit.SECONDS)).as("third line written").isTrue();
    assertThat(written).containsExactly("a", "b", "c");
    assertThat(threads).containsOnly("test-access-order");
  }

  @Test
  void flush_writesEveryLineQueuedBeforeIt_evenWhenTheThreadWouldWaitLong() {
    AccessLineQueue queue = new AccessLineQueue("test-access-flush", 100,
        TimeUnit.HOURS.toNanos(1), droppedReported::addAndGet, failures::add);
    // The thread looks at the queue once an hour: only flush() and a call's end have it write.

    queue.add(() -> written.add("a"));
    queue.add(() -> written.add("b"));
    queue.flush();

    assertThat(written).containsExactly("a", "b");
  }

  @Test
  void aLineQueuedAfterTheThreadFellAsleep_wakesIt() throws Exception {
    AccessLineQueue queue = new AccessLineQueue("test-access-sleep", 100, MS,
        droppedReported::addAndGet, failures::add);
    awaitAsleep(queue);

    CountDownLatch woken = new CountDownLatch(1);
    queue.add(woken::countDown);

    assertThat(woken.await(10, TimeUnit.SECONDS)).as("line written after the wake-up").isTrue();
  }

  @Test
  void lineOfACallInFlight_isWrittenWhenTheLastCallEnds_withoutWaitingForTheNextLook()
      throws Exception {
    AccessLineQueue queue = new AccessLineQueue("test-access-idle", 100,
        TimeUnit.HOURS.toNanos(1), droppedReported::addAndGet, failures::add);
    // The thread looks at the queue once an hour: only flush() and a call's end have it write.
    queue.callStarted();
    queue.callStarted();
    CountDownLatch writtenLine = new CountDownLatch(1);
    queue.add(writtenLine::countDown);

    queue.callEnded();
    assertThat(writtenLine.await(200, TimeUnit.MILLISECONDS))
        .as("written while another call is in flight").isFalse();
    queue.callEnded();

    assertThat(writtenLine.await(10, TimeUnit.SECONDS)).as("written once none is").isTrue();
  }

  @Test
  void lineQueuedWhileCallsKeepOverlapping_waitsSomeLooks_thenIsWrittenAnyway()
      throws Exception {
    long interval = 5 * MS;
    AccessLineQueue queue = new AccessLineQueue("test-access-held", 100, interval,
        droppedReported::addAndGet, failures::add);
    queue.callStarted(); // and never ends
    CountDownLatch writtenLine = new CountDownLatch(1);
    long queued = System.nanoTime();
    queue.add(writtenLine::countDown);

    assertThat(writtenLine.await(10, TimeUnit.SECONDS)).as("written in the end").isTrue();
    // Ten looks at 5 ms; a wake-up before its time may shorten one, not most of them.
    assertThat(System.nanoTime() - queued).isGreaterThan(4 * interval);
  }

  @Test
  void sleepingThread_isWokenByACallsEnd_evenWithOtherCallsInFlight() throws Exception {
    AccessLineQueue queue = new AccessLineQueue("test-access-sleep-calls", 100, MS,
        droppedReported::addAndGet, failures::add);
    awaitAsleep(queue);
    queue.callStarted(); // never ends
    queue.callStarted();
    CountDownLatch writtenLine = new CountDownLatch(1);
    queue.add(writtenLine::countDown);
    // Were the thread woken, it would write the line after ten looks of 1 ms.
    assertThat(writtenLine.await(200, TimeUnit.MILLISECONDS))
        .as("written before any call ended").isFalse();
    assertThat(queue.isAsleep()).as("a line of a call in flight does not wake it").isTrue();

    queue.callEnded();

    assertThat(writtenLine.await(10, TimeUnit.SECONDS)).as("written after the wake-up").isTrue();
  }

  @Test
  void linesBeyondTheCapacity_areDroppedAndReportedAfterTheLinesQueuedBeforeThem()
      throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AccessLineQueue queue = new AccessLineQueue("test-access-full", 3, MS,
        dropped -> written.add(dropped + " dropped"), failures::add);
    queue.add(() -> {
      writing.countDown();
      awaitQuietly(release);
    });
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

    for (int i = 0; i < 5; i++) {
      int n = i;
      queue.add(() -> written.add("line " + n));
    }
    release.countDown();
    queue.flush();
    queue.add(() -> written.add("line 5"));
    queue.flush();

    assertThat(written).containsExactly("line 0", "line 1", "line 2", "2 dropped", "line 5");
  }

  @Test
  void aLineThatThrows_isReportedAndSkipped_andTheThreadWritesTheLinesAfterIt()
      throws Exception {
    AccessLineQueue queue = new AccessLineQueue("test-access-failed", 100, MS,
        droppedReported::addAndGet, failures::add);
    CountDownLatch later = new CountDownLatch(1);
    queue.add(() -> {
      throw new IllegalStateException("broken line");
    });
    queue.add(() -> {
      written.add("later");
      later.countDown();
    });

    assertThat(later.await(10, TimeUnit.SECONDS)).as("the line after it written").isTrue();
    assertThat(written).containsExactly("later");
    assertThat(failures).singleElement().extracting(Throwable::getMessage)
        .isEqualTo("broken line");
  }

  @Test
  void flush_skipsALineThatThrows_andWritesTheLinesAfterIt() {
    AccessLineQueue queue = new AccessLineQueue("test-access-flush-failed", 100,
        TimeUnit.HOURS.toNanos(1), droppedReported::addAndGet, failures::add);
    // The thread looks at the queue once an hour: only flush() and a call's end have it write.

    queue.add(() -> {
      throw new IllegalArgumentException("broken line");
    });
    queue.add(() -> written.add("later"));
    queue.flush();

    assertThat(written).containsExactly("later");
    assertThat(failures).singleElement().isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theProcessesQueue_logsALineThatThrew_asAnError_namingWhatItThrewAndWhere() {
    try (CapturedLog log = CapturedLog.start("access-failed-line")) {
      AccessLineQueue.shared().add(() -> {
        throw new IllegalStateException("broken line");
      });

      assertThat(log.text().lines().filter(line -> line.contains("\"ERROR\"")))
          .singleElement().asString()
          .contains("an access line could not be written and was skipped:"
              + " java.lang.IllegalStateException: broken line at "
              + AccessLineQueueTest.class.getName() + ".lambda$");
    }
  }

  private static void awaitAsleep(AccessLineQueue queue) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!queue.isAsleep() && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertThat(queue.isAsleep()).as("asleep after 100 idle intervals").isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
