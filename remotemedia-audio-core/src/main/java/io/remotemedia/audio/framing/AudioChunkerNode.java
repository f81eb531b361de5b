package io.remotemedia.audio.framing;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.Arrays;

/**
 * Re-blocks a stream into blocks of exactly {@code frame_size} frames, block k holding input
 * frames {@code [k * hop, k * hop + frame_size)} with {@code hop = frame_size - overlap}. The
 * output stream is the concatenation of the blocks, so with overlap the shared frames appear
 * twice; every {@link #process} call writes a whole number of blocks. Any format in, the same
 * format out.
 *
 * <pre>{@code
 * AudioChunkerNode chunker = new AudioChunkerNode(new AudioChunkerConfig(512, 256, false));
 * chunker.configure(AudioFormat.f32(16000, 1), 1000);
 * int written = chunker.process(in, 1000, out); // a multiple of 512
 * }</pre>
 *
 * <p>Frame accounting for {@code N} input frames: {@code B = N >= frame_size ?
 * (N - frame_size) / hop + 1 : 0} full blocks; with {@code pad_final}, one more block when
 * input frames remain after the last full block (all N when B = 0 and N > 0), holding them
 * then zeros. Output frames = blocks x frame_size.
 *
 * <p>Latency: up to {@code frame_size - 1} frames are held until their block completes;
 * {@link #latencyFrames()} reports that. Without overlap, output frame i is input frame i.
 * Output does not depend on chunking (bit-exact). Memory: one block.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class AudioChunkerNode extends AbstractAudioNode {
  private final AudioChunkerConfig config;
  private float[] block;
  private int filled;
  private boolean emittedAny;

  /**
   * Creates a chunker.
   *
   * @param config the block size, the overlap and whether the last block is padded; not null
   */
  public AudioChunkerNode(AudioChunkerConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /**
   * Allocates one block.
   *
   * @throws UnsupportedFormatException if the output of one chunk of {@code maxInputFrames}
   *     would not fit a Java array (a large frame_size with a tiny hop)
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    long samples = blocksFor(maxInputFrames) * config.frameSize() * input.channelCount();
    if (samples > Integer.MAX_VALUE - 8) {
      throw new UnsupportedFormatException(input, "frame_size " + config.frameSize()
          + " with overlap " + config.overlap() + " turns " + maxInputFrames
          + " input frames into " + samples + " output samples, more than an array holds");
    }
    block = new float[config.frameSize() * input.channelCount()];
    return input;
  }

  private long blocksFor(int inputFrames) {
    return inputFrames == 0 ? 0 : 1 + (long) (inputFrames - 1) / config.hopFrames();
  }

  /** Returns one block of {@code frame_size} frames. */
  @Override
  public long bufferBytes(AudioFormat input, int maxInputFrames) {
    return (long) config.frameSize() * input.channelCount() * Float.BYTES;
  }

  /** Returns the most frames a chunk of {@code inputFrames} can complete: whole blocks. */
  @Override
  public int maxOutputFrames(int inputFrames) {
    return (int) (blocksFor(inputFrames) * config.frameSize());
  }

  /** Returns {@code frame_size} with {@code pad_final}, else 0. */
  @Override
  public int maxFlushFrames() {
    return config.padFinal() ? config.frameSize() : 0;
  }

  /** Returns {@code frame_size - 1}: the most frames held before their block is emitted. */
  @Override
  public int latencyFrames() {
    return config.frameSize() - 1;
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    int channels = inputFormat().channelCount();
    int frameSize = config.frameSize();
    int overlap = config.overlap();
    int read = 0;
    int written = 0;
    while (read < inFrames) {
      int take = Math.min(frameSize - filled, inFrames - read);
      System.arraycopy(in, read * channels, block, filled * channels, take * channels);
      filled += take;
      read += take;
      if (filled == frameSize) {
        System.arraycopy(block, 0, out, written * channels, frameSize * channels);
        written += frameSize;
        emittedAny = true;
        System.arraycopy(block, (frameSize - overlap) * channels, block, 0, overlap * channels);
        filled = overlap;
      }
    }
    return written;
  }

  @Override
  protected int onFlush(float[] out) {
    int unemitted = emittedAny ? filled - config.overlap() : filled;
    if (!config.padFinal() || unemitted <= 0) {
      return 0;
    }
    int channels = inputFormat().channelCount();
    System.arraycopy(block, 0, out, 0, filled * channels);
    Arrays.fill(out, filled * channels, config.frameSize() * channels, 0f);
    return config.frameSize();
  }

  @Override
  protected void onReset() {
    filled = 0;
    emittedAny = false;
  }
}
