package io.remotemedia.audio.wav;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads and decodes the body of a data chunk for {@link WavReader}, including one whose size a
 * streaming writer left as a placeholder.
 *
 * <p>A writer that cannot seek back (its output is a pipe) writes the header before it knows
 * the size: sox writes {@code 0x7FFFF000}, ffmpeg {@code 0xFFFFFFFF} or 0. Such a size is read
 * as "until the end of the input", as ffmpeg and libsndfile do:
 *
 * <ul>
 *   <li>0, unless what follows starts as a chunk does (a four-character text id: an honestly
 *       empty data chunk followed by {@code LIST} or {@code id3 }), which gives no frames and
 *       reads nothing more;
 *   <li>{@value #MIN_PLACEHOLDER_BYTES} bytes or more when the input ends first.
 * </ul>
 *
 * <p>The limit applies to the bytes actually read: at most {@code maxDataBytes + 1} are read,
 * and one more than the limit is refused. Any other size is taken as the real size: over the
 * limit it is refused before anything is allocated, and an input that ends early is truncated.
 * Either way a trailing partial frame is dropped. Memory grows with the bytes that arrive,
 * never ahead of them on the header's word.
 *
 * <p>Immutable and thread-safe.
 */
final class DataChunkReader {
  /**
   * The smallest size taken for a placeholder when the input ends first, 2 GiB - 64 KiB. Sizes
   * from here to {@code 0xFFFFFFFF} are what streaming writers use for "unknown": sox writes
   * {@code 0x7FFFF000} rounded down to whole frames ({@code 0x7FFFEFFF} for three 8-bit
   * channels), which this leaves room for whatever the block align. A real chunk that large is
   * over the default limit anyway, while a smaller size that runs past the end of the input is
   * reported as truncation.
   */
  static final long MIN_PLACEHOLDER_BYTES = 0x7FFF_0000L;

  private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
  static final int READ_BLOCK_BYTES = 64 * 1024;

  private final long maxDataBytes;

  DataChunkReader(long maxDataBytes) {
    this.maxDataBytes = maxDataBytes;
  }

  /**
   * Reads the data chunk's body, which starts at the input's current position.
   *
   * @param in the input, just after the data chunk's 8-byte header
   * @param chunkOffset the byte offset of the data chunk's header, for messages
   * @param declaredBytes the chunk's size field, 0 to {@code 0xFFFFFFFF}
   * @param channels the channel count, 1 or more
   * @param encoding the sample encoding
   * @return the decoded interleaved samples of the whole frames, exactly that long
   * @throws WavFormatException if the data is over the limit, more than a float array holds,
   *     or (for a real size) truncated
   * @throws IOException if the input fails
   */
  float[] read(CountingInput in, long chunkOffset, long declaredBytes, int channels,
      WavSampleEncoding encoding) throws IOException {
    boolean placeholder = DataChunkStream.isPlaceholder(declaredBytes);
    if (!placeholder && declaredBytes > maxDataBytes) {
      throw new WavFormatException("data chunk at byte " + chunkOffset + " is " + declaredBytes
          + " bytes, over the limit of " + maxDataBytes + " bytes", chunkOffset);
    }
    int frameBytes = channels * encoding.bytesPerSample();
    // For a placeholder, read one byte past the limit: enough to know the data is over it.
    DataChunkStream data = new DataChunkStream(in, chunkOffset, declaredBytes, limitPlusOne(),
        channels, encoding);
    long capBytes = data.capBytes();
    long maxSamples = capBytes / frameBytes * channels;
    if (!placeholder && maxSamples > MAX_ARRAY_LENGTH) {
      throw tooManySamples(chunkOffset, "holds " + maxSamples);
    }
    // Room for a partial last frame too, so that reading it finds truncation or the limit.
    long roomSamples = (capBytes / frameBytes + (capBytes % frameBytes == 0 ? 0 : 1)) * channels;
    int blockFrames = Math.max(1, READ_BLOCK_BYTES / frameBytes);
    float[] samples = new float[(int) Math.min(Math.min(roomSamples, MAX_ARRAY_LENGTH),
        (long) blockFrames * channels)];
    int sampleCount = 0;
    while (true) {
      long wanted = Math.min((long) sampleCount + (long) blockFrames * channels, roomSamples);
      if (wanted > samples.length && samples.length < MAX_ARRAY_LENGTH) {
        samples = grow(samples, Math.min(wanted, MAX_ARRAY_LENGTH), roomSamples);
      }
      int room = (samples.length - sampleCount) / channels;
      if (room == 0) {
        // Full: the data ends here, or it is longer than a Java array holds.
        int more = data.read(new float[channels], 0, 1);
        if (placeholder && data.readBytes() > maxDataBytes) {
          throw overLimit(chunkOffset, declaredBytes);
        }
        if (more > 0) {
          throw tooManySamples(chunkOffset, "holds more than " + MAX_ARRAY_LENGTH);
        }
        break;
      }
      int frames = data.read(samples, sampleCount, Math.min(blockFrames, room));
      if (placeholder && data.readBytes() > maxDataBytes) {
        throw overLimit(chunkOffset, declaredBytes);
      }
      if (frames == 0) {
        break;
      }
      sampleCount += frames * channels;
    }
    return sampleCount == samples.length ? samples : Arrays.copyOf(samples, sampleCount);
  }

  private long limitPlusOne() {
    return maxDataBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxDataBytes + 1;
  }

  private static float[] grow(float[] samples, long needed, long maxSamples) {
    long length = Math.max(needed, Math.min(2L * samples.length, maxSamples));
    return Arrays.copyOf(samples, (int) Math.min(length, MAX_ARRAY_LENGTH));
  }

  private WavFormatException overLimit(long chunkOffset, long declaredBytes) {
    return new WavFormatException("data chunk at byte " + chunkOffset + " holds more than "
        + maxDataBytes + " bytes, over the limit of " + maxDataBytes + " bytes (its size field, "
        + declaredBytes + ", is a streaming placeholder, so the data runs to the end of the"
        + " input)", chunkOffset);
  }

  private static WavFormatException tooManySamples(long chunkOffset, String holds) {
    return new WavFormatException("data chunk at byte " + chunkOffset + " " + holds
        + " samples, more than one float array can hold", chunkOffset);
  }
}
