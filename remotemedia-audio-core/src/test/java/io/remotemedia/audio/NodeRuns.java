package io.remotemedia.audio;

import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.Arrays;
import java.util.Random;

/**
 * Drives an {@link AudioNode} over a whole signal, in one chunk or in many, and returns the
 * output with the flushed tail appended. The basis of every chunking-invariance test.
 */
public final class NodeRuns {
  private NodeRuns() {}

  /** Runs {@code input} (interleaved, {@code format}) through a fresh configure in one chunk. */
  public static float[] whole(AudioNode node, AudioFormat format, float[] input)
      throws UnsupportedFormatException {
    int frames = input.length / format.channelCount();
    return chunked(node, format, input, new int[] {frames});
  }

  /**
   * Configures {@code node} for the largest chunk, feeds {@code input} in chunks of the given
   * frame counts (which must sum to the input's frame count), flushes, and returns everything
   * written.
   */
  public static float[] chunked(AudioNode node, AudioFormat format, float[] input, int[] chunks)
      throws UnsupportedFormatException {
    int inChannels = format.channelCount();
    int total = input.length / inChannels;
    int sum = Arrays.stream(chunks).sum();
    if (sum != total) {
      throw new IllegalArgumentException("chunks sum to " + sum + " frames, input has " + total);
    }
    int maxChunk = Math.max(1, Arrays.stream(chunks).max().orElse(1));
    AudioFormat out = node.configure(format, maxChunk);
    int outChannels = out.channelCount();
    float[] result = new float[0];
    int written = 0;
    int offset = 0;
    float[] chunkIn = new float[maxChunk * inChannels];
    float[] chunkOut = new float[node.maxOutputFrames(maxChunk) * outChannels];
    for (int frames : chunks) {
      System.arraycopy(input, offset * inChannels, chunkIn, 0, frames * inChannels);
      int n = node.process(chunkIn, frames, chunkOut);
      result = append(result, written * outChannels, chunkOut, n * outChannels);
      written += n;
      offset += frames;
    }
    float[] tail = new float[node.maxFlushFrames() * outChannels];
    int n = node.flush(tail);
    result = append(result, written * outChannels, tail, n * outChannels);
    written += n;
    return Arrays.copyOf(result, written * outChannels);
  }

  /** Random chunk sizes from 0 to {@code maxChunk} frames that sum to {@code totalFrames}. */
  public static int[] randomChunks(Random random, int totalFrames, int maxChunk) {
    int[] chunks = new int[totalFrames + 1];
    int count = 0;
    int left = totalFrames;
    while (left > 0) {
      int frames = Math.min(left, random.nextInt(maxChunk + 1));
      chunks[count++] = frames;
      left -= frames;
    }
    return Arrays.copyOf(chunks, count);
  }

  private static float[] append(float[] into, int used, float[] from, int count) {
    float[] target = into.length >= used + count ? into : Arrays.copyOf(into,
        Math.max(used + count, into.length * 2));
    System.arraycopy(from, 0, target, used, count);
    return target;
  }
}
