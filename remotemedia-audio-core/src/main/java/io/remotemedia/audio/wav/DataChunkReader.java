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
  private static final int READ_BLOCK_BYTES = 64 * 1024;
  private static final int CHUNK_HEADER_BYTES = 8;

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
    boolean placeholder = declaredBytes == 0 || declaredBytes >= MIN_PLACEHOLDER_BYTES;
    if (!placeholder && declaredBytes > maxDataBytes) {
      throw new WavFormatException("data chunk at byte " + chunkOffset + " is " + declaredBytes
          + " bytes, over the limit of " + maxDataBytes + " bytes", chunkOffset);
    }
    int frameBytes = channels * encoding.bytesPerSample();
    // The most bytes worth reading: the declared size, or for a placeholder one byte past the
    // limit, which is enough to know the data is over it.
    long capBytes = placeholder
        ? Math.min(declaredBytes == 0 ? Long.MAX_VALUE : declaredBytes, limitPlusOne())
        : declaredBytes;
    long maxSamples = capBytes / frameBytes * channels;
    if (!placeholder && maxSamples > MAX_ARRAY_LENGTH) {
      throw tooManySamples(chunkOffset, "holds " + maxSamples);
    }
    int blockFrames = Math.max(1, READ_BLOCK_BYTES / frameBytes);
    // At least one frame, so that a partial frame at the end also fits.
    byte[] block = new byte[(int) Math.max(frameBytes,
        Math.min((long) blockFrames * frameBytes, capBytes))];
    float[] samples = new float[(int) Math.min(Math.min(maxSamples, MAX_ARRAY_LENGTH),
        (long) blockFrames * channels)];
    // Bytes already in the block: for a size of 0, what follows the header, read to see
    // whether it is another chunk (then the data chunk is honestly empty) or audio.
    int prefilled = 0;
    if (declaredBytes == 0) {
      int peek = (int) Math.min(CHUNK_HEADER_BYTES, Math.min(block.length, capBytes));
      prefilled = in.read(block, 0, peek);
      if (prefilled == CHUNK_HEADER_BYTES && startsLikeAChunk(block)) {
        return new float[0];
      }
    }
    long readBytes = 0;
    int sampleCount = 0;
    while (readBytes < capBytes) {
      int wanted = (int) Math.min(block.length, capBytes - readBytes);
      int got = prefilled + (wanted > prefilled ? in.read(block, prefilled, wanted - prefilled)
          : 0);
      boolean shortRead = got < wanted;
      prefilled = 0;
      readBytes += got;
      if (placeholder && readBytes > maxDataBytes) {
        throw overLimit(chunkOffset, declaredBytes);
      }
      // Whole reads are whole frames; a short read, at the end of the input, may end in a
      // partial frame, which is dropped.
      int blockSamples = got / frameBytes * channels;
      if ((long) sampleCount + blockSamples > samples.length) {
        samples = grow(samples, (long) sampleCount + blockSamples, maxSamples, chunkOffset);
      }
      WavSampleCodec.decode(block, 0, encoding, samples, sampleCount, blockSamples);
      sampleCount += blockSamples;
      if (shortRead) {
        if (!placeholder) {
          throw WavReader.truncated("data", chunkOffset, declaredBytes, readBytes);
        }
        break;
      }
    }
    return sampleCount == samples.length ? samples : Arrays.copyOf(samples, sampleCount);
  }

  /** Whether {@code block} starts with a chunk id: four printable ASCII characters. */
  private static boolean startsLikeAChunk(byte[] block) {
    for (int i = 0; i < 4; i++) {
      if (block[i] < 0x20 || block[i] > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private long limitPlusOne() {
    return maxDataBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxDataBytes + 1;
  }

  private static float[] grow(float[] samples, long needed, long maxSamples, long chunkOffset)
      throws WavFormatException {
    if (needed > MAX_ARRAY_LENGTH) {
      throw tooManySamples(chunkOffset, "holds more than " + MAX_ARRAY_LENGTH);
    }
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
