package io.remotemedia.audio.wav;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A WAV file open for reading block by block, from {@link WavReader#openBlocks}: the samples
 * of however long a file, with one block in memory at a time. The same files and the same
 * rules as {@link WavReader#read}, streaming placeholder sizes included; a truncated data chunk
 * is reported by the read that reaches its end. Not thread-safe.
 */
public final class WavBlockReader implements Closeable {
  private final InputStream in;
  private final WavInfo info;
  private final boolean sizeKnown;
  private final DataChunkStream data;

  WavBlockReader(InputStream in, WavInfo info, boolean sizeKnown, DataChunkStream data) {
    this.in = in;
    this.info = info;
    this.sizeKnown = sizeKnown;
    this.data = data;
  }

  /**
   * {@return the header; its frame count is the header's, 0 where the data size is a streaming
   * placeholder (see {@link #declaredFrames()})}
   */
  public WavInfo info() {
    return info;
  }

  /**
   * {@return the frames the header declares, or empty where its data size is a placeholder
   * that a streaming writer left (the data then runs to the end of the file)}
   */
  public OptionalLong declaredFrames() {
    return sizeKnown ? OptionalLong.of(info.frameCount()) : OptionalLong.empty();
  }

  /**
   * Decodes the next frames into {@code samples}, interleaved, from index 0.
   *
   * @param samples where the samples go; at least {@code maxFrames} times the channel count
   * @param maxFrames the most frames to decode, 1 or more
   * @return the frames decoded, fewer than {@code maxFrames} only at the end; 0 at the end
   * @throws WavFormatException if the data chunk ends before its declared size
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code maxFrames} is not positive or does not fit
   */
  public int read(float[] samples, int maxFrames) throws IOException {
    Objects.requireNonNull(samples, "samples");
    if (maxFrames < 1 || (long) maxFrames * info.channelCount() > samples.length) {
      throw new IllegalArgumentException("maxFrames must be in [1, " + samples.length
          / info.channelCount() + "] for an array of " + samples.length + " samples, was "
          + maxFrames);
    }
    int frames = 0;
    while (frames < maxFrames) {
      int got = data.read(samples, frames * info.channelCount(), maxFrames - frames);
      if (got == 0) {
        break;
      }
      frames += got;
    }
    return frames;
  }

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
