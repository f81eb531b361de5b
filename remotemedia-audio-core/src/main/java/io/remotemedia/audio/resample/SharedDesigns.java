package io.remotemedia.audio.resample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The resampler's immutable designs (filters, coefficient tables, FFT tables and filter
 * spectra), shared by every resampler of the same conversion instead of designed again for each.
 * Designing a filter costs about a millisecond of Bessel functions and trigonometry, more than
 * resampling a second of audio at the same quality, and the tables are most of a stream's
 * memory; a server opens a resampler for every request and every stream.
 *
 * <p>Holds the {@value #MAX_ENTRIES} designs used most recently, so any number of distinct rates
 * cannot grow it without bound. Thread-safe: a design is computed once under the lock, and every
 * design is immutable after construction.
 */
final class SharedDesigns {
  static final int MAX_ENTRIES = 64;

  private static final Map<Object, Object> DESIGNS =
      new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private SharedDesigns() {}

  /** A filter design's parameters: see {@link PolyphaseFilter}'s constructor. */
  record FilterKey(int inputRateHz, int outputRateHz, double cutoffHz, double transitionHz,
      double attenuationDb) {}

  /** What is derived from one (shared) filter; filters compare by identity. */
  record DerivedKey(PolyphaseFilter filter, Class<?> kind) {}

  /** An FFT of {@code size} points. */
  record FftKey(int size) {}

  /**
   * Returns the design stored under {@code key}, designing it with {@code design} first if
   * none is.
   */
  static synchronized <T> T get(Object key, Class<T> type, Supplier<T> design) {
    Object found = DESIGNS.get(key);
    if (found == null) {
      found = design.get();
      DESIGNS.put(key, found);
    }
    return type.cast(found);
  }

  /** Returns how many designs are held, for tests. */
  static synchronized int size() {
    return DESIGNS.size();
  }
}
