package io.remotemedia.audio.node;

import io.remotemedia.audio.AudioFormat;

/**
 * One DSP stage that turns a stream of interleaved float frames into another.
 *
 * <p>The lifecycle is: {@link #configure} once (it allocates everything the node needs), then
 * any number of {@link #process} calls, then {@link #flush} at the end of the stream to drain
 * the tail (filter delay). {@code configure} may be called again to change the format.
 *
 * <p><b>End of stream and reset are two events</b> (as Media3's {@code AudioProcessor} keeps
 * {@code queueEndOfStream} apart from {@code flush}):
 *
 * <ul>
 *   <li>{@link #flush} ends the stream. It drains the tail and nothing else: the node stays
 *       at the end of that stream, its results (segments, measurements, counters) stay
 *       readable, {@link #process} is refused with an {@link IllegalStateException}, and a
 *       second {@code flush} writes nothing (the tail is already out).
 *   <li>{@link #reset} clears the stream state, keeping the configuration and the buffers, so
 *       the node then behaves exactly as a freshly configured one. It is the only way, besides
 *       {@code configure}, to start a new stream. It may be called at any time, including in
 *       the middle of a stream (its audio and tail are discarded).
 * </ul>
 *
 * <pre>
 * configure ──▶ STREAMING ──flush──▶ ENDED ──reset──▶ STREAMING
 *               (process*)           (flush writes 0)
 * </pre>
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
   * {@return the bytes of buffers {@link #configure} would allocate for {@code inputFormat} and
   * {@code maxInputFrames}, worked out without allocating them} A host that runs nodes for
   * others (a server) checks this against its memory budget before it calls {@code configure}:
   * a node whose buffers grow with a parameter (a normaliser's longest stream, an accumulator's
   * block) would otherwise take the memory before anything could refuse it.
   *
   * <p>Counts every array whose size depends on the format, the chunk size or the node's
   * parameters; fixed state of a few kilobytes may be left out, and so may tables shared
   * between instances. For a format that {@code configure} would refuse, the figure is what the
   * buffers would have been. The default returns 0, right for a node that allocates only such
   * fixed state.
   *
   * @param inputFormat the format {@code configure} would be given; not null
   * @param maxInputFrames the chunk size {@code configure} would be given; 0 or more
   */
  default long bufferBytes(AudioFormat inputFormat, int maxInputFrames) {
    return 0;
  }

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
   * @throws IllegalStateException if the node is not configured, or if it was flushed and not
   *     reset since
   * @throws IllegalArgumentException if {@code inFrames} is out of range or an array is short
   */
  int process(float[] in, int inFrames, float[] out);

  /** {@return the most frames {@link #flush} writes} Valid after {@link #configure}. */
  int maxFlushFrames();

  /**
   * Ends the stream: writes its tail (the frames still held by filter delay) to {@code out}.
   * Flush does not start a new stream: afterwards {@link #process} is refused until {@link
   * #reset} or {@link #configure}, and another flush writes nothing and returns 0. What the
   * node reports about the stream (for example a VAD's segments) stays readable.
   *
   * @param out interleaved output; holds at least {@code maxFlushFrames() * outputChannels}
   *     samples
   * @return the number of frames written; 0 when the stream was already flushed
   * @throws IllegalStateException if the node is not configured
   * @throws IllegalArgumentException if {@code out} is short
   */
  int flush(float[] out);

  /**
   * Clears all stream state, keeping the configuration and the buffers: afterwards the node
   * gives the same output as a freshly configured one. Ends a flushed stream so that {@link
   * #process} is accepted again; mid-stream it discards the audio held so far. Does nothing
   * before {@link #configure}.
   */
  void reset();

  /**
   * {@return the algorithmic latency in output frames: how far the output lags the input before
   * the node compensates it} 0 for memoryless nodes. Valid after {@link #configure}.
   */
  int latencyFrames();
}
