package io.remotemedia.audio.node;

import io.remotemedia.audio.AudioFormat;

/**
 * One DSP stage that turns a stream of interleaved float frames into another.
 *
 * <p>The lifecycle is: {@link #configure} once (it allocates everything the node needs), then
 * any number of {@link #process} calls, then {@link #flush} at the end of the stream to drain
 * the tail (filter delay). {@link #reset} returns the node to the start of a new stream with
 * the same configuration. {@code configure} may be called again to change the format.
 *
 * <pre>{@code
 * AudioNode node = new GainNode(new GainConfig(-6.0));
 * AudioFormat out = node.configure(AudioFormat.f32(48000, 2), 960);
 * float[] output = new float[node.maxOutputFrames(960) * out.channelCount()];
 * int written = node.process(input, 960, output);
 * }</pre>
 *
 * <p><b>Buffers.</b> The caller owns both arrays. {@code in} and {@code out} must be distinct
 * arrays; the node keeps no reference to either after a call returns. Frames are interleaved;
 * a frame holds one sample per channel.
 *
 * <p><b>Threads.</b> One instance serves one stream and is not thread-safe. Calls for that
 * stream may come from different threads if the caller orders them (happens-before).
 *
 * <p><b>Cost.</b> {@code process} and {@code flush} allocate nothing, box nothing, log
 * nothing and take no locks.
 */
public interface AudioNode {

  /**
   * Prepares the node for a stream of {@code inputFormat} in chunks of at most
   * {@code maxInputFrames} frames, and allocates its buffers.
   *
   * @param inputFormat the format of the stream to come; not null
   * @param maxInputFrames the largest chunk {@link #process} will be given, in frames; 0 or more
   * @return the format of the frames that {@link #process} writes
   * @throws UnsupportedFormatException if the node cannot process {@code inputFormat}
   * @throws IllegalArgumentException if {@code maxInputFrames} is negative
   */
  AudioFormat configure(AudioFormat inputFormat, int maxInputFrames)
      throws UnsupportedFormatException;

  /**
   * {@return the most frames one {@link #process} call writes for {@code inputFrames} frames in}
   * Valid after {@link #configure}.
   *
   * @param inputFrames a chunk size in frames; 0 to the {@code maxInputFrames} given to {@link
   *     #configure}
   */
  int maxOutputFrames(int inputFrames);

  /**
   * Processes {@code inFrames} frames from {@code in} and writes the result to the start of
   * {@code out}.
   *
   * @param in interleaved input; holds at least {@code inFrames * inputChannels} samples
   * @param inFrames frames to read; 0 to {@code maxInputFrames}
   * @param out interleaved output; holds at least {@code maxOutputFrames(inFrames) *
   *     outputChannels} samples
   * @return the number of frames written to {@code out}
   * @throws IllegalStateException if the node is not configured
   * @throws IllegalArgumentException if {@code inFrames} is out of range or an array is short
   */
  int process(float[] in, int inFrames, float[] out);

  /** {@return the most frames {@link #flush} writes} Valid after {@link #configure}. */
  int maxFlushFrames();

  /**
   * Writes the end-of-stream tail (the frames still held by filter delay) to {@code out}.
   * After a flush the node is at the start of a new stream, as after {@link #reset}.
   *
   * @param out interleaved output with room for {@link #maxFlushFrames()} frames in the output
   *     format
   * @return the number of frames written
   * @throws IllegalStateException if the node is not configured
   */
  int flush(float[] out);

  /** Clears all stream state, keeping the configuration and the buffers. */
  void reset();

  /**
   * {@return the algorithmic latency in output frames: how far the output lags the input before
   * the node compensates it} 0 for memoryless nodes. Valid after {@link #configure}.
   */
  int latencyFrames();
}
