package io.remotemedia.audio.framing;

/**
 * Parameters of an {@link AudioChunkerNode}. Immutable.
 *
 * <pre>{@code
 * AudioChunkerConfig halfOverlap = new AudioChunkerConfig(1024, 512, true);
 * }</pre>
 *
 * @param frameSize frames per emitted frame (block), 1 to {@value #MAX_FRAME_SIZE}
 * @param overlap frames each block shares with the previous one, 0 to {@code frameSize - 1};
 *     consecutive blocks start {@code frameSize - overlap} frames apart
 * @param padFinal whether flush emits one last block, zero-padded, holding the frames no full
 *     block covered; when false those frames are dropped
 */
public record AudioChunkerConfig(int frameSize, int overlap, boolean padFinal) {
  /** The largest block, in frames. */
  public static final int MAX_FRAME_SIZE = 1 << 20;

  /**
   * @param frameSize frames per emitted frame (block), 1 to {@value #MAX_FRAME_SIZE}
   * @param overlap frames each block shares with the previous one, 0 to {@code frameSize - 1};
   *     consecutive blocks start {@code frameSize - overlap} frames apart
   * @param padFinal whether flush emits one last block, zero-padded, holding the frames no full
   *     block covered; when false those frames are dropped
   * @throws IllegalArgumentException if a value is out of range; the message names the
   *     manifest parameter, its value and the range
   */
  public AudioChunkerConfig {
    if (frameSize < 1 || frameSize > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "frame_size must be in [1, " + MAX_FRAME_SIZE + "], was " + frameSize);
    }
    if (overlap < 0 || overlap > frameSize - 1) {
      throw new IllegalArgumentException("overlap must be in [0, frame_size - 1 = "
          + (frameSize - 1) + "], was " + overlap);
    }
  }

  /** {@return the distance between block starts, {@code frameSize - overlap} frames} */
  public int hopFrames() {
    return frameSize - overlap;
  }
}
