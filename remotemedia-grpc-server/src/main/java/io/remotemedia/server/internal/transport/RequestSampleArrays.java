package io.remotemedia.server.internal.transport;

import io.remotemedia.proto.internal.wire.SampleArrays;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reuses the arrays that unary requests' PCM samples are decoded into. A 10 s request decodes
 * into 1.76 MB of floats: allocated new for each call, the array is zeroed and then written
 * over, and it is half of what the server allocates per call, so that young collections come
 * twice as often (docs/performance.md, "Reusing the decoded input's array").
 *
 * <p>Arrays from {@value #MIN_SAMPLES} samples up to half of {@code maxIdleBytes} come in size
 * classes, eight per power of two, so that requests of about the same size share them; an
 * array is at most an eighth longer than asked, and its values past those asked are zero. A
 * call takes its arrays through a {@link Lease} and gives them back once the pipeline has
 * finished with them and the response has been serialized, never before: an array given back
 * while a node may still read it would hand one call's audio to another. A call that fails or
 * is cancelled gives nothing back; its arrays are garbage, as they would be without the pool.
 * At most {@code maxIdleBytes} of arrays lie idle, the most recently given back.
 *
 * <p>Thread-safe.
 */
final class RequestSampleArrays {
  /** Smaller arrays are allocated new: cheap in a thread's own allocation buffer. */
  static final int MIN_SAMPLES = 16_384;
  /** Size classes per power of two. */
  private static final int CLASSES_PER_DOUBLING = 8;

  private final long maxIdleBytes;
  /** Idle arrays, the oldest first; guarded by itself. */
  private final ArrayDeque<float[]> idle = new ArrayDeque<>();
  private long idleBytes;

  /** @param maxIdleBytes the most bytes of arrays kept idle; 0 keeps none */
  RequestSampleArrays(long maxIdleBytes) {
    if (maxIdleBytes < 0) {
      throw new IllegalArgumentException("maxIdleBytes must be >= 0, was " + maxIdleBytes);
    }
    this.maxIdleBytes = maxIdleBytes;
  }

  /** {@return arrays for a JVM of this heap: at most a 64th of it idle, and 64 MiB} */
  static RequestSampleArrays forHeap(long maxHeapBytes) {
    return new RequestSampleArrays(Math.min(64L << 20, maxHeapBytes / 64));
  }

  /** {@return a lease for one call's arrays} */
  Lease lease() {
    return new Lease();
  }

  /** {@return how many bytes of arrays lie idle now} */
  long idleBytes() {
    synchronized (idle) {
      return idleBytes;
    }
  }

  /**
   * {@return the length of the pooled array for {@code samples}, or -1 when that size is not
   * pooled}
   */
  int pooledLength(int samples) {
    if (samples < MIN_SAMPLES || (long) samples * Float.BYTES > maxIdleBytes / 2) {
      return -1;
    }
    int step = Integer.highestOneBit(samples) / CLASSES_PER_DOUBLING;
    long length = ((long) samples + step - 1) / step * step;
    return (long) length * Float.BYTES > maxIdleBytes / 2 ? -1 : (int) length;
  }

  private float[] take(int samples) {
    int length = pooledLength(samples);
    if (length < 0) {
      return new float[samples];
    }
    float[] reused = null;
    synchronized (idle) {
      for (Iterator<float[]> it = idle.descendingIterator(); it.hasNext(); ) {
        float[] candidate = it.next();
        if (candidate.length == length) {
          it.remove();
          idleBytes -= bytes(candidate);
          reused = candidate;
          break;
        }
      }
    }
    if (reused == null) {
      return new float[length];
    }
    // The last call's samples past this one's must not be there to be read by mistake.
    Arrays.fill(reused, samples, length, 0f);
    return reused;
  }

  private void giveBack(float[] array) {
    long bytes = bytes(array);
    synchronized (idle) {
      for (float[] held : idle) {
        if (held == array) {
          return;
        }
      }
      while (idleBytes + bytes > maxIdleBytes && !idle.isEmpty()) {
        idleBytes -= bytes(idle.removeFirst());
      }
      if (idleBytes + bytes <= maxIdleBytes) {
        idle.addLast(array);
        idleBytes += bytes;
      }
    }
  }

  private static long bytes(float[] array) {
    return (long) array.length * Float.BYTES;
  }

  /**
   * One call's arrays: what it took, to give back once. Used by the one thread that decodes
   * and answers the call at a time.
   */
  final class Lease implements SampleArrays {
    private List<float[]> taken;
    private boolean givenBack;

    private Lease() {}

    @Override
    public float[] take(int samples) {
      if (givenBack) {
        throw new IllegalStateException("the lease's arrays were given back");
      }
      float[] array = RequestSampleArrays.this.take(samples);
      if (pooledLength(samples) == array.length) {
        if (taken == null) {
          taken = new ArrayList<>(1);
        }
        taken.add(array);
      }
      return array;
    }

    /**
     * Gives back every array taken, for other calls to reuse. Call it only once nothing reads
     * them any more: the pipeline has returned and the response has been serialized.
     */
    void giveBack() {
      if (givenBack) {
        return;
      }
      givenBack = true;
      if (taken != null) {
        taken.forEach(RequestSampleArrays.this::giveBack);
        taken = null;
      }
    }
  }
}
