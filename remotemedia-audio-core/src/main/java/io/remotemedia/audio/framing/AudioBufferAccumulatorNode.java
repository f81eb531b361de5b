package io.remotemedia.audio.framing;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * Holds audio until {@code duration_ms} has accumulated, then emits it as one block: every
 * {@link #process} call writes a whole number of blocks (0 or more), and {@link #flush}
 * writes the shorter tail. The samples are unchanged: the output stream equals the input
 * stream, only its timing changes. Any format in, the same format out.
 *
 * <pre>{@code
 * AudioBufferAccumulatorNode second = new AudioBufferAccumulatorNode(
 *     new AudioBufferAccumulatorConfig(1000.0));
 * second.configure(AudioFormat.f32(16000, 1), 320);
 * int written = second.process(in, 320, out); // 0, or 16000 once a second is complete
 * }</pre>
 *
 * <p>Latency: up to one block minus a frame is held ({@link #latencyFrames()} =
 * {@code block - 1}); output frame i is input frame i. Memory: one block. Output does not
 * depend on chunking (bit-exact).
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class AudioBufferAccumulatorNode extends AbstractAudioNode {
  private final AudioBufferAccumulatorConfig config;
  private float[] held;
  private int blockFrames;
  private int heldFrames;

  /**
   * Creates an accumulator.
   *
   * @param config the block duration; not null
   */
  public AudioBufferAccumulatorNode(AudioBufferAccumulatorConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /**
   * Allocates one block.
   *
   * @throws UnsupportedFormatException if a block, or the output of the largest chunk, would
   *     not fit a Java array
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    long frames = config.blockFrames(input.sampleRateHz());
    if ((frames + maxInputFrames) * input.channelCount() > Integer.MAX_VALUE - 8) {
      throw new UnsupportedFormatException(input, "duration_ms " + config.durationMs()
          + " is " + frames + " frames, too many to hold for " + input.channelCount()
          + " channels");
    }
    blockFrames = (int) frames;
    held = new float[blockFrames * input.channelCount()];
    return input;
  }

  /** Returns the block: {@code duration_ms} of frames. */
  @Override
  public long bufferBytes(AudioFormat input, int maxInputFrames) {
    return config.blockFrames(input.sampleRateHz()) * input.channelCount() * Float.BYTES;
  }

  /** Returns the most whole blocks {@code inputFrames} can complete, in frames. */
  @Override
  public int maxOutputFrames(int inputFrames) {
    return (int) (((long) blockFrames - 1 + inputFrames) / blockFrames * blockFrames);
  }

  /** Returns {@code block - 1}: the longest tail. */
  @Override
  public int maxFlushFrames() {
    return blockFrames - 1;
  }

  /** Returns {@code block - 1}: the most frames held back. */
  @Override
  public int latencyFrames() {
    return blockFrames - 1;
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    int channels = inputFormat().channelCount();
    int emit = (heldFrames + inFrames) / blockFrames * blockFrames;
    if (emit == 0) {
      System.arraycopy(in, 0, held, heldFrames * channels, inFrames * channels);
      heldFrames += inFrames;
      return 0;
    }
    System.arraycopy(held, 0, out, 0, heldFrames * channels);
    int fromInput = emit - heldFrames;
    System.arraycopy(in, 0, out, heldFrames * channels, fromInput * channels);
    heldFrames = inFrames - fromInput;
    System.arraycopy(in, fromInput * channels, held, 0, heldFrames * channels);
    return emit;
  }

  @Override
  protected int onFlush(float[] out) {
    System.arraycopy(held, 0, out, 0, heldFrames * inputFormat().channelCount());
    return heldFrames;
  }

  @Override
  protected void onReset() {
    heldFrames = 0;
  }
}
