package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.pcm.PcmCodec;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.NodeMetrics;
import io.remotemedia.pipeline.PipelineException;
import java.util.Arrays;

/**
 * Collects a sink's output frames, rounded onto the grid of the sink's sample format (as
 * encoding them would) when that is an integer format. It grows by doubling, and refuses to
 * grow past a byte budget shared by all sinks of a run (or of a stream, whose accumulators are
 * kept from chunk to chunk), so a run cannot allocate more than its memory limit.
 */
final class SinkAccumulator {
  /**
   * A budget of bytes shared by the growing buffers of one run (its outputs, its fan-in
   * queues); thread-safe. Within the request's limit always; within the runner's total too for
   * a unary run, while an open stream only counts what it takes there: a stream that was
   * admitted is not failed mid-session because other calls hold the memory (new calls are
   * refused instead).
   */
  static final class Budget {
    private final long limitBytes;
    private final MemoryPool.Lease lease;
    private final boolean refusedByTotal;
    private long usedBytes;

    /**
     * @param limitBytes what the request's limit leaves; 0 for no limit
     * @param lease the runner's memory, shared with all calls, where the bytes are taken too
     * @param refusedByTotal whether growth the runner's total has no room for is refused
     *     (unary runs) or only counted (open streams)
     */
    Budget(long limitBytes, MemoryPool.Lease lease, boolean refusedByTotal) {
      this.limitBytes = limitBytes;
      this.lease = lease;
      this.refusedByTotal = refusedByTotal;
    }

    /** {@return a budget of what {@code maxMemoryBytes} (0: none) leaves after {@code plan}} */
    static Budget after(ExecutionPlan plan, long maxMemoryBytes, MemoryPool.Lease lease,
        boolean refusedByTotal) {
      // At least 1 byte: a plan that used the whole limit leaves none, and 0 means no limit.
      long left = maxMemoryBytes == 0 ? 0 : Math.max(1, maxMemoryBytes - plan.bufferBytes());
      return new Budget(left, lease, refusedByTotal);
    }

    /**
     * Takes {@code bytes} for node {@code nodeId}'s buffers before they are allocated.
     *
     * @throws PipelineException RESOURCE_LIMIT past the request's limit, or past the runner's
     *     total by this run alone; BUSY when other calls hold the total (unary runs only)
     */
    synchronized void take(long bytes, String nodeId) {
      long wanted = usedBytes + bytes;
      if (limitBytes > 0 && wanted > limitBytes) {
        throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT,
                "the buffers need more than the memory limit of " + limitBytes
                    + " bytes (max_memory_bytes) while collecting node \"" + nodeId + "\"")
            .nodeId(nodeId)
            .limit(new LimitViolation("max_memory_bytes", limitBytes, wanted))
            .build();
      }
      if (!refusedByTotal) {
        lease.take(bytes);
      } else if (!lease.tryTake(bytes)) {
        long alone = lease.held() + bytes;
        if (alone > lease.poolLimit()) {
          throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the buffers of node \""
                  + nodeId + "\" need " + bytes + " bytes more, " + alone + " for this call,"
                  + " over the " + lease.poolLimit() + " bytes this runner allows all its calls"
                  + " together (total_memory_bytes)")
              .nodeId(nodeId)
              .limit(new LimitViolation("total_memory_bytes", lease.poolLimit(), alone))
              .build();
        }
        throw PipelineException.builder(ErrorKind.BUSY, "the buffers of node \"" + nodeId
                + "\" need " + bytes + " bytes more, and the calls on this runner hold "
                + lease.poolUsed() + " of the " + lease.poolLimit() + " bytes it allows them"
                + " together (total_memory_bytes); retry after " + PlanMemory.RETRY_AFTER_MS
                + " ms")
            .nodeId(nodeId)
            .limit(new LimitViolation("total_memory_bytes", lease.poolLimit(),
                lease.poolUsed() + bytes))
            .retryAfterMs(PlanMemory.RETRY_AFTER_MS)
            .build();
      }
      usedBytes = wanted;
    }
  }

  /** The most samples one Java array holds on common JVMs. */
  static final int MAX_SAMPLES = Integer.MAX_VALUE - 8;

  private final String sinkId;
  private final AudioFormat format;
  private final Budget budget;
  private float[] samples;
  private int frames;
  /** Samples outside the integer format's range, clipped onto it, since the accumulator began. */
  private long clippedSamples;

  SinkAccumulator(String sinkId, AudioFormat format, int initialFrames, Budget budget) {
    this.sinkId = sinkId;
    this.format = format;
    this.budget = budget;
    int initialSamples = Math.max(16, initialFrames * format.channelCount());
    budget.take((long) initialSamples * Float.BYTES, sinkId);
    this.samples = new float[initialSamples];
  }

  void append(float[] source, int count) {
    int channels = format.channelCount();
    long needed = (long) (frames + count) * channels;
    if (needed > samples.length) {
      long grown = Math.max(needed, Math.min((long) samples.length * 2, MAX_SAMPLES));
      if (needed > MAX_SAMPLES) {
        throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT,
                "the output of node \"" + sinkId + "\" exceeds " + MAX_SAMPLES
                    + " samples, the most one buffer holds")
            .nodeId(sinkId)
            .limit(new LimitViolation("max_output_samples", MAX_SAMPLES, needed))
            .build();
      }
      budget.take((grown - samples.length) * Float.BYTES, sinkId);
      samples = Arrays.copyOf(samples, (int) grown);
    }
    // A sink in an integer format returns what it would send: values on that format's grid.
    clippedSamples += PcmCodec.quantize(source, 0, samples, frames * channels,
        count * channels, format.sampleFormat());
    frames += count;
  }

  /**
   * Returns a copy of the audio collected since the last drain, in an array of exactly its
   * length, and empties the accumulator; its array is kept for the next chunk of a stream.
   */
  AudioBuffer drain() {
    int used = frames * format.channelCount();
    frames = 0;
    return AudioBuffer.of(format, Arrays.copyOf(samples, used), used / format.channelCount());
  }

  /**
   * {@return the samples clipped to the sink's integer format since the run or stream began}
   * Reported as the sink's {@value NodeMetrics#OUTPUT_CLIPPED_SAMPLES} counter.
   */
  long clippedSamples() {
    return clippedSamples;
  }

  /** Returns the collected audio in an array of exactly its length (callers index it). */
  AudioBuffer toBuffer() {
    int used = frames * format.channelCount();
    float[] exact = samples.length == used ? samples : Arrays.copyOf(samples, used);
    return AudioBuffer.of(format, exact, frames);
  }
}
