package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.Arrays;

/**
 * The inputs of a fan-in node: one queue of frames per input. Frames leave only when every
 * input has them, joined side by side into one wider frame (input 0's channels first), so the
 * inputs stay aligned however their branches delay or chunk them. At the end of the stream the
 * shorter inputs are padded with silence. A queue that must grow (one branch holds audio back
 * while the other runs on) takes the bytes from the run's budget first, so that it stays
 * within the memory limits like the outputs.
 */
final class JoinBuffer {
  private final String nodeId;
  private final int channelsPerInput;
  private final float[][] queues;
  /** First queued frame of each input. */
  private final int[] start;
  /** One past the last queued frame of each input. */
  private final int[] end;
  /** Where growth is charged; every run sets it ({@link ExecutionPlan#chargeJoinsTo}). */
  private SinkAccumulator.Budget budget;

  JoinBuffer(String nodeId, int inputs, int channelsPerInput, int initialFrames) {
    this.nodeId = nodeId;
    this.channelsPerInput = channelsPerInput;
    this.queues = new float[inputs][initialFrames * channelsPerInput];
    this.start = new int[inputs];
    this.end = new int[inputs];
  }

  /** Charges the queues' growth to {@code budget}, the run's. */
  void chargeTo(SinkAccumulator.Budget budget) {
    this.budget = budget;
  }

  /**
   * Appends {@code count} frames to input {@code input}.
   *
   * @throws io.remotemedia.pipeline.PipelineException RESOURCE_LIMIT or BUSY when the queue
   *     must grow and the budget has no room
   */
  void append(int input, float[] samples, int count) {
    int queued = end[input] - start[input];
    if ((long) (end[input] + count) * channelsPerInput > queues[input].length) {
      // Move what is queued to the front, and grow only if that is not room enough.
      float[] target = queues[input];
      long needed = (long) (queued + count) * channelsPerInput;
      if (needed > target.length) {
        if (needed > SinkAccumulator.MAX_SAMPLES) {
          throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "node \"" + nodeId
                  + "\": an input waiting to be joined would hold " + needed
                  + " samples, more than one array holds (" + SinkAccumulator.MAX_SAMPLES + ")")
              .nodeId(nodeId)
              .build();
        }
        int size = (int) Math.min(Math.max(needed, 2L * target.length),
            SinkAccumulator.MAX_SAMPLES);
        budget.take((long) (size - target.length) * Float.BYTES, nodeId);
        target = new float[size];
      }
      System.arraycopy(queues[input], start[input] * channelsPerInput, target, 0,
          queued * channelsPerInput);
      queues[input] = target;
      start[input] = 0;
      end[input] = queued;
    }
    System.arraycopy(samples, 0, queues[input], end[input] * channelsPerInput,
        count * channelsPerInput);
    end[input] += count;
  }

  /** Returns how many joined frames are ready: the fewest frames any input holds. */
  int ready() {
    int fewest = Integer.MAX_VALUE;
    for (int i = 0; i < queues.length; i++) {
      fewest = Math.min(fewest, end[i] - start[i]);
    }
    return fewest;
  }

  /** Returns how many frames the longest input holds. */
  int longest() {
    int most = 0;
    for (int i = 0; i < queues.length; i++) {
      most = Math.max(most, end[i] - start[i]);
    }
    return most;
  }

  /**
   * Moves {@code count} joined frames into {@code out} (each frame: every input's channels in
   * input order); an input with fewer frames contributes silence for the missing ones.
   */
  void take(int count, float[] out) {
    int width = channelsPerInput * queues.length;
    for (int input = 0; input < queues.length; input++) {
      int available = Math.min(count, end[input] - start[input]);
      float[] queue = queues[input];
      int from = start[input] * channelsPerInput;
      for (int f = 0; f < count; f++) {
        int to = f * width + input * channelsPerInput;
        if (f < available) {
          System.arraycopy(queue, from + f * channelsPerInput, out, to, channelsPerInput);
        } else {
          Arrays.fill(out, to, to + channelsPerInput, 0f);
        }
      }
      start[input] += available;
      if (start[input] == end[input]) {
        start[input] = 0;
        end[input] = 0;
      }
    }
  }
}
