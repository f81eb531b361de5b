package io.remotemedia.audio.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * Checks that a parser allocates in proportion to the input it was given, not to the sizes that
 * input declares: the fuzz tests' guard against "a 40-byte file makes the reader allocate
 * 1 GiB". It counts the bytes the current thread allocates (HotSpot's per-thread counter, which
 * includes arrays too large for a thread-local buffer).
 *
 * <pre>{@code
 * AllocationBudget.of((1 << 20) + 8L * input.length).check(() -> parse(input));
 * }</pre>
 */
public final class AllocationBudget {
  private static final ThreadMXBean THREADS =
      (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final long maxBytes;

  private AllocationBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A budget of {@code maxBytes} allocated bytes. */
  public static AllocationBudget of(long maxBytes) {
    return new AllocationBudget(maxBytes);
  }

  /** The work under test; it handles the exceptions its contract allows itself. */
  @FunctionalInterface
  public interface Work {
    /** Runs the work once. */
    void run() throws Exception;
  }

  /**
   * Runs {@code work} and fails if it allocated more than the budget. Work over budget runs a
   * second time and only that run counts: the first run of a code path loads classes and fills
   * caches, which a parser does once per JVM, not once per input. So {@code work} must be
   * repeatable.
   */
  public void check(Work work) throws Exception {
    long allocated = allocatedBy(work);
    if (allocated > maxBytes) {
      allocated = allocatedBy(work);
    }
    assertThat(allocated).as("bytes allocated (budget %d)", maxBytes)
        .isLessThanOrEqualTo(maxBytes);
  }

  /** {@return the bytes the current thread allocated while {@code work} ran once} */
  public static long allocatedBy(Work work) throws Exception {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    work.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }
}
