package io.remotemedia.audio.internal.resample;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The resampler's immutable designs (filters, coefficient tables, FFT tables and filter
 * spectra), shared by every resampler of the same conversion instead of designed again for each.
 * Designing a filter costs about a millisecond of Bessel functions and trigonometry, more than
 * resampling a second of audio at the same quality, and the tables are most of a stream's
 * memory; a server opens a resampler for every request and every stream.
 *
 * <p>The cache is bounded twice: it holds at most {@value #MAX_ENTRIES} designs and at most
 * {@link #capacityBytes()} bytes of tables, dropping the designs used least recently first. A
 * client that asks for many distinct rate pairs (an awkward pair at {@code very_high} quality
 * costs about 3 MB) so cannot grow the heap past the bound. A design larger than the whole
 * capacity is built and used but not kept. Resamplers that still use a dropped design keep it
 * alive until they are discarded; the bound counts what the cache itself holds.
 *
 * <p>There is one cache per JVM (class loader). A server sets its capacity from its
 * configuration and exports {@link #stats()} as metrics:
 *
 * <pre>{@code
 * DesignCache.setCapacityBytes(32L << 20);
 * DesignCache.Stats stats = DesignCache.stats();
 * log.info("{} designs, {} of {} bytes, {} evicted", stats.entries(), stats.bytes(),
 *     stats.capacityBytes(), stats.evictions());
 * }</pre>
 *
 * <p>Thread-safe. A design is computed once, outside the cache's lock: while one thread designs
 * an awkward conversion (tens of ms at {@code very_high}), the others find and design theirs;
 * only threads that need that same design wait for it. Every design is immutable after
 * construction.
 */
public final class DesignCache {
  /** The most designs held, whatever their size. */
  public static final int MAX_ENTRIES = 64;
  /** The byte capacity until {@link #setCapacityBytes} is called: 64 MiB. */
  public static final long DEFAULT_CAPACITY_BYTES = 64L << 20;

  // Guarded by DesignCache.class, like every static field below. A design being computed has
  // an entry whose bytes are 0 until it is done.
  private static final Map<Object, Entry> DESIGNS =
      new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true);
  private static long capacityBytes = DEFAULT_CAPACITY_BYTES;
  private static long bytes;
  private static long evictions;

  private DesignCache() {}

  /**
   * What the cache holds now. Immutable.
   *
   * @param entries designs held
   * @param bytes bytes of their tables (array payloads), at most {@code capacityBytes}
   * @param capacityBytes the byte bound in force
   * @param evictions designs dropped to stay within the bounds since the JVM started,
   *     counting designs too large to be kept at all
   */
  public record Stats(int entries, long bytes, long capacityBytes, long evictions) {}

  /** A design that knows the bytes of its tables. */
  public interface Sized {
    /** Bytes held by the design's arrays. */
    long tableBytes();
  }

  /**
   * A filter design's parameters: see the resampler's {@code PolyphaseFilter} constructor.
   *
   * @param inputRateHz the input sample rate, Hz
   * @param outputRateHz the output sample rate, Hz
   * @param cutoffHz the passband edge, Hz
   * @param transitionHz the width of the transition band, Hz
   * @param attenuationDb the stopband attenuation, dB
   */
  public record FilterKey(int inputRateHz, int outputRateHz, double cutoffHz,
      double transitionHz, double attenuationDb) {}

  /**
   * What is derived from the filter of these parameters. The key holds the parameters, not
   * the filter, so that a derived table never keeps a dropped filter alive.
   *
   * @param filter the parameters of the filter the table is derived from
   * @param kind the class of the derived table
   */
  public record DerivedKey(FilterKey filter, Class<?> kind) {}

  /**
   * Sets the byte bound and drops the least recently used designs until the cache is within
   * it. 0 keeps nothing: every resampler then designs its own tables.
   *
   * @param capacity the bound, in bytes of table arrays
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public static synchronized void setCapacityBytes(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0 bytes, was " + capacity);
    }
    capacityBytes = capacity;
    trim();
  }

  /** {@return the byte bound in force} */
  public static synchronized long capacityBytes() {
    return capacityBytes;
  }

  /**
   * {@return what the cache holds now and how many designs it has dropped} Designs being
   * computed count as entries (of 0 bytes), in {@code entries} and against {@link
   * #MAX_ENTRIES}.
   */
  public static synchronized Stats stats() {
    return new Stats(DESIGNS.size(), bytes, capacityBytes, evictions);
  }

  /**
   * Returns the design stored under {@code key}, designing it with {@code design} first if
   * none is. A thread that finds the design being computed by another waits for it; if that
   * one fails, the waiting threads try again.
   *
   * @param <T> the design's class
   * @param key a {@link FilterKey} or {@link DerivedKey}; equal keys share one design
   * @param type the design's class, checked on the way out
   * @param design builds the design when the cache holds none; called on this thread, outside
   *     the cache's lock; it may get other designs, but not one that needs this one
   * @return the shared design, or a new one that was too large to keep
   */
  public static <T extends Sized> T get(Object key, Class<T> type, Supplier<T> design) {
    while (true) {
      Entry mine = null;
      Entry found;
      synchronized (DesignCache.class) {
        found = DESIGNS.get(key);
        if (found == null) {
          mine = new Entry();
          DESIGNS.put(key, mine);
          trim();
        }
      }
      if (mine != null) {
        return designInto(mine, key, design);
      }
      // Not interruptible: designs take milliseconds, and the caller needs this one.
      Sized shared = found.design.join();
      if (shared != null) {
        return type.cast(shared);
      }
      // The thread designing it failed and gave the entry up: try again.
    }
  }

  private static <T extends Sized> T designInto(Entry mine, Object key, Supplier<T> design) {
    T designed = null;
    long size = 0;
    try {
      designed = design.get();
      size = designed.tableBytes();
    } finally {
      try {
        keep(mine, key, designed == null ? -1 : size);
      } finally {
        // Waiting threads get the design, or null (the design failed): they try again.
        mine.design.complete(designed);
      }
    }
    return designed;
  }

  /** Keeps {@code mine}'s design of {@code size} bytes if it fits; -1: it failed, drop it. */
  private static synchronized void keep(Entry mine, Object key, long size) {
    if (size < 0 || size > capacityBytes) {
      // A design the bounds dropped while it was made was counted as evicted then.
      if (DESIGNS.remove(key, mine) && size >= 0) {
        evictions++;
      }
    } else if (DESIGNS.get(key) == mine) {
      mine.bytes = size;
      bytes += size;
      trim();
    }
  }

  /** Drops the least recently used designs until both bounds hold. */
  private static void trim() {
    Iterator<Entry> eldest = DESIGNS.values().iterator();
    while ((bytes > capacityBytes || DESIGNS.size() > MAX_ENTRIES) && eldest.hasNext()) {
      // A design still being computed has 0 bytes; dropped, it is not kept when it is done.
      bytes -= eldest.next().bytes;
      eldest.remove();
      evictions++;
    }
  }

  /** A design, done or being computed, and the bytes it counts in the cache. */
  private static final class Entry {
    final CompletableFuture<Sized> design = new CompletableFuture<>();
    // Guarded by DesignCache.class; 0 until the design is done and kept.
    long bytes;
  }
}
