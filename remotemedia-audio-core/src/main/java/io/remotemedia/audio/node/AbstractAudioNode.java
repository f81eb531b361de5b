package io.remotemedia.audio.node;

import io.remotemedia.audio.AudioFormat;

/**
 * Base class for {@link AudioNode}s. It makes the lifecycle methods {@code final}, enforces
 * the order configure → process → flush → reset (process before configure, and process after
 * flush without a reset, throw {@link IllegalStateException}; a second flush writes nothing),
 * checks array bounds once per call, and hands the work to the {@code on*} hooks.
 *
 * <pre>{@code
 * final class InvertNode extends AbstractAudioNode {
 *   protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames) {
 *     return input;
 *   }
 *   protected int onProcess(float[] in, int inFrames, float[] out) {
 *     for (int i = 0; i < inFrames * inputFormat().channelCount(); i++) out[i] = -in[i];
 *     return inFrames;
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one instance per stream.
 */
public abstract class AbstractAudioNode implements AudioNode {
  private AudioFormat inputFormat;
  private AudioFormat outputFormat;
  private int maxInputFrames;
  private boolean ended;

  @Override
  public final AudioFormat configure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    if (input == null) {
      throw new IllegalArgumentException("input format must not be null");
    }
    if (maxInputFrames < 0) {
      throw new IllegalArgumentException("maxInputFrames must be >= 0, was " + maxInputFrames);
    }
    AudioFormat output = onConfigure(input, maxInputFrames);
    this.inputFormat = input;
    this.outputFormat = output;
    this.maxInputFrames = maxInputFrames;
    onReset();
    ended = false;
    return output;
  }

  @Override
  public final int process(float[] in, int inFrames, float[] out) {
    requireConfigured("process");
    if (ended) {
      throw new IllegalStateException(getClass().getSimpleName()
          + ".process called after flush; call reset() to start a new stream");
    }
    if (inFrames < 0 || inFrames > maxInputFrames) {
      throw new IllegalArgumentException(
          "inFrames must be in [0, " + maxInputFrames + "], was " + inFrames);
    }
    requireLength("input", in, (long) inFrames * inputFormat.channelCount());
    requireLength(
        "output", out, (long) maxOutputFrames(inFrames) * outputFormat.channelCount());
    if (in == out) {
      throw new IllegalArgumentException("in and out must be distinct arrays");
    }
    return onProcess(in, inFrames, out);
  }

  @Override
  public final int flush(float[] out) {
    requireConfigured("flush");
    requireLength("output", out, (long) maxFlushFrames() * outputFormat.channelCount());
    if (ended) {
      return 0; // the tail is out already
    }
    ended = true;
    return onFlush(out);
  }

  @Override
  public final void reset() {
    if (inputFormat != null) {
      onReset();
      ended = false;
    }
  }

  @Override
  public int maxOutputFrames(int inputFrames) {
    return inputFrames;
  }

  @Override
  public int maxFlushFrames() {
    return 0;
  }

  @Override
  public int latencyFrames() {
    return 0;
  }

  /** {@return the configured input format, or null before {@link #configure}} */
  protected final AudioFormat inputFormat() {
    return inputFormat;
  }

  /** {@return the configured output format, or null before {@link #configure}} */
  protected final AudioFormat outputFormat() {
    return outputFormat;
  }

  /** {@return the largest chunk {@link #process} accepts, in frames} */
  protected final int maxInputFrames() {
    return maxInputFrames;
  }

  /**
   * Checks the input format, allocates buffers and returns the output format. Called before
   * the new formats are stored, so {@link #inputFormat()} still holds the previous one.
   *
   * @param input the format of the coming stream; checked to be non-null
   * @param maxInputFrames the largest chunk {@link #process} will be given, in frames; checked to
   *     be 0 or more. Size buffers from it
   * @return the format of the frames {@link #onProcess} and {@link #onFlush} write
   * @throws UnsupportedFormatException if the node cannot process {@code input}; the node keeps its
   *     previous configuration
   */
  protected abstract AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException;

  /**
   * Does the work of {@link #process}; arguments are already checked.
   *
   * @param in interleaved input holding at least {@code inFrames} frames of {@link #inputFormat()}
   * @param inFrames frames to read; 0 to {@link #maxInputFrames()}
   * @param out interleaved output with room for {@code maxOutputFrames(inFrames)} frames of {@link
   *     #outputFormat()}
   * @return the number of frames written to the start of {@code out}
   */
  protected abstract int onProcess(float[] in, int inFrames, float[] out);

  /**
   * Writes the tail; the default has none. Arguments are already checked. Called once per
   * stream: the base class answers a repeated flush itself, and refuses {@code process} until
   * the next reset, so the hook need not clear anything. State it leaves behind (results of
   * the stream) stays readable until {@link #onReset}.
   *
   * @param out interleaved output with room for {@link #maxFlushFrames()} frames of {@link
   *     #outputFormat()}
   * @return the number of frames written to the start of {@code out}
   */
  protected int onFlush(float[] out) {
    return 0;
  }

  /**
   * Clears stream state, so the node then behaves as freshly configured. Called at the end of
   * configure and by reset, never by flush.
   */
  protected void onReset() {}

  private void requireConfigured(String operation) {
    if (inputFormat == null) {
      throw new IllegalStateException(
          getClass().getSimpleName() + "." + operation + " called before configure");
    }
  }

  private static void requireLength(String name, float[] array, long needed) {
    if (array.length < needed) {
      throw new IllegalArgumentException(
          name + " array holds " + array.length + " samples, " + needed + " needed");
    }
  }
}
