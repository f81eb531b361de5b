package io.remotemedia.audio.pcm;

import io.remotemedia.audio.SampleFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * Converts interleaved PCM between encoded little-endian bytes and float samples in [-1, 1].
 *
 * <p>Integer formats are scaled by their full scale: a 16-bit value {@code v} decodes to
 * {@code v / 32768f} and a 32-bit value to {@code v / 2^31}. Encoding multiplies by the full
 * scale, rounds to the nearest integer and clips to the format's range, so every 16-bit value
 * round-trips exactly; 32-bit values keep the 24 bits of a float's significand. {@code NaN}
 * encodes as 0 in integer formats. {@link SampleFormat#F32} passes values through unchanged,
 * without clipping.
 *
 * <pre>{@code
 * ByteBuffer wire = bytes.order(ByteOrder.LITTLE_ENDIAN);
 * float[] samples = new float[sampleCount];
 * PcmCodec.decode(wire, SampleFormat.I16, samples, sampleCount);
 * }</pre>
 *
 * <p>Stateless and thread-safe. Methods read and write at the buffers' current positions and
 * advance them; they allocate nothing but a buffer view per call.
 */
public final class PcmCodec {
  private static final float I16_SCALE = 32768f;
  private static final double I32_SCALE = 2147483648.0;

  private PcmCodec() {}

  /**
   * Decodes {@code sampleCount} samples from {@code src} into {@code dst[0..sampleCount)}.
   *
   * @param src encoded samples, in {@link ByteOrder#LITTLE_ENDIAN} order, with at least
   *     {@code sampleCount * format.bytesPerSample()} bytes remaining
   * @param format the encoding of {@code src}
   * @param dst receives the decoded samples in [-1, 1] (F32 values pass through unchanged)
   * @param sampleCount the number of samples (not frames) to decode; 0 or more
   * @throws IllegalArgumentException if {@code src} is big-endian, holds too few bytes, or
   *     {@code dst} is too short
   */
  public static void decode(ByteBuffer src, SampleFormat format, float[] dst, int sampleCount) {
    decode(src, format, dst, 0, sampleCount);
  }

  /**
   * Decodes {@code sampleCount} samples from {@code src} into {@code dst[dstOffset..dstOffset +
   * sampleCount)}: for audio whose bytes arrive in several buffers.
   *
   * @param src encoded samples, in {@link ByteOrder#LITTLE_ENDIAN} order, with at least
   *     {@code sampleCount * format.bytesPerSample()} bytes remaining
   * @param format the encoding of {@code src}
   * @param dst receives the decoded samples in [-1, 1] (F32 values pass through unchanged)
   * @param dstOffset the index in {@code dst} of the first decoded sample; 0 or more
   * @param sampleCount the number of samples (not frames) to decode; 0 or more
   * @throws IllegalArgumentException if {@code src} is big-endian, holds too few bytes, or
   *     {@code dst} is too short
   */
  public static void decode(ByteBuffer src, SampleFormat format, float[] dst, int dstOffset,
      int sampleCount) {
    if (dstOffset < 0 || dstOffset > dst.length) {
      throw new IllegalArgumentException(
          "dstOffset must be in [0, " + dst.length + "], was " + dstOffset);
    }
    checkDecode(src, format, dst.length - dstOffset, sampleCount);
    switch (format) {
      case F32 -> {
        src.asFloatBuffer().get(dst, dstOffset, sampleCount);
        src.position(src.position() + sampleCount * 4);
      }
      case I16 -> {
        // The view inherits the little-endian order of src.
        ShortBuffer shorts = src.asShortBuffer();
        for (int i = 0; i < sampleCount; i++) {
          dst[dstOffset + i] = shorts.get(i) / I16_SCALE;
        }
        src.position(src.position() + sampleCount * 2);
      }
      case I32 -> {
        for (int i = 0; i < sampleCount; i++) {
          dst[dstOffset + i] = (float) (src.getInt() / I32_SCALE);
        }
      }
    }
  }

  /**
   * Decodes {@code sampleCount} 16-bit samples from a {@link ShortBuffer}, advancing it.
   *
   * @param src 16-bit samples; read from its position, which advances by {@code sampleCount}
   * @param dst receives the decoded samples in [-1, 1)
   * @param sampleCount the number of samples (not frames) to decode; 0 or more
   * @throws IllegalArgumentException if fewer samples remain or {@code dst} is too short
   */
  public static void decode(ShortBuffer src, float[] dst, int sampleCount) {
    if (src.remaining() < sampleCount) {
      throw new IllegalArgumentException(
          "ShortBuffer holds " + src.remaining() + " samples, " + sampleCount + " needed");
    }
    checkLength("dst", dst.length, sampleCount);
    for (int i = 0; i < sampleCount; i++) {
      dst[i] = src.get() / I16_SCALE;
    }
  }

  /**
   * Encodes {@code src[0..sampleCount)} into {@code dst} as {@code format}.
   *
   * @param dst destination in {@link ByteOrder#LITTLE_ENDIAN} order with room for
   *     {@code sampleCount * format.bytesPerSample()} bytes
   * @param src samples, nominally in [-1, 1]; only read
   * @param sampleCount the number of samples (not frames) to encode, from index 0
   * @param format the encoding to write; integer formats clip values outside their range
   * @return the number of samples that were outside the format's range and were clipped;
   *     always 0 for {@link SampleFormat#F32}
   * @throws IllegalArgumentException if {@code dst} is big-endian or too small
   */
  public static int encode(float[] src, int sampleCount, SampleFormat format, ByteBuffer dst) {
    return encode(src, 0, sampleCount, format, dst);
  }

  /**
   * Encodes {@code src[srcOffset..srcOffset + sampleCount)} into {@code dst} as {@code format}:
   * for audio written out in pieces.
   *
   * @param src samples, nominally in [-1, 1]; only read
   * @param srcOffset the index in {@code src} of the first sample to encode; 0 or more
   * @param sampleCount the number of samples (not frames) to encode
   * @param format the encoding to write; integer formats clip values outside their range
   * @param dst destination in {@link ByteOrder#LITTLE_ENDIAN} order with room for
   *     {@code sampleCount * format.bytesPerSample()} bytes
   * @return the number of samples that were outside the format's range and were clipped;
   *     always 0 for {@link SampleFormat#F32}
   * @throws IllegalArgumentException if {@code dst} is big-endian or too small, or the range is
   *     outside {@code src}
   */
  public static int encode(float[] src, int srcOffset, int sampleCount, SampleFormat format,
      ByteBuffer dst) {
    if (srcOffset < 0 || srcOffset > src.length) {
      throw new IllegalArgumentException(
          "srcOffset must be in [0, " + src.length + "], was " + srcOffset);
    }
    checkLength("src", src.length - srcOffset, sampleCount);
    checkOrder(dst);
    long needed = (long) sampleCount * format.bytesPerSample();
    if (dst.remaining() < needed) {
      throw new IllegalArgumentException(
          "destination has " + dst.remaining() + " bytes, " + needed + " needed");
    }
    int clipped = 0;
    switch (format) {
      case F32 -> {
        dst.asFloatBuffer().put(src, srcOffset, sampleCount);
        dst.position(dst.position() + sampleCount * 4);
      }
      case I16 -> {
        clipped = encodeI16(src, srcOffset, sampleCount, dst.asShortBuffer());
        dst.position(dst.position() + sampleCount * 2);
      }
      case I32 -> {
        for (int i = 0; i < sampleCount; i++) {
          long v = Math.round(src[srcOffset + i] * I32_SCALE);
          if (v > Integer.MAX_VALUE) {
            v = Integer.MAX_VALUE;
            clipped++;
          } else if (v < Integer.MIN_VALUE) {
            v = Integer.MIN_VALUE;
            clipped++;
          }
          dst.putInt((int) v);
        }
      }
    }
    return clipped;
  }

  /**
   * Encodes {@code src[0..sampleCount)} as 16-bit samples into a {@link ShortBuffer}.
   *
   * @param src samples, nominally in [-1, 1]; only read
   * @param sampleCount the number of samples (not frames) to encode, from index 0
   * @param dst receives the 16-bit samples at its position, which advances by {@code sampleCount}
   * @return the number of clipped samples
   * @throws IllegalArgumentException if {@code dst} has too little room
   */
  public static int encode(float[] src, int sampleCount, ShortBuffer dst) {
    checkLength("src", src.length, sampleCount);
    if (dst.remaining() < sampleCount) {
      throw new IllegalArgumentException(
          "ShortBuffer has room for " + dst.remaining() + " samples, " + sampleCount + " needed");
    }
    return encodeI16(src, 0, sampleCount, dst);
  }

  /**
   * Copies {@code src[srcOffset..srcOffset + sampleCount)} into {@code dst} at {@code dstOffset},
   * each value as it would decode after being encoded as {@code format}: rounded onto the
   * format's grid and clipped to its range ({@link SampleFormat#F32}: copied unchanged). What a
   * pipeline returns in an integer format is what it would send or write, without the bytes.
   *
   * @param src samples, nominally in [-1, 1]; only read
   * @param srcOffset the index in {@code src} of the first sample
   * @param dst receives the samples on the grid; may be {@code src} itself
   * @param dstOffset the index in {@code dst} of the first sample written
   * @param sampleCount the number of samples (not frames); 0 or more
   * @param format the grid
   * @return the number of samples that were outside the format's range and were clipped
   * @throws IllegalArgumentException if a range is outside its array
   */
  public static int quantize(float[] src, int srcOffset, float[] dst, int dstOffset,
      int sampleCount, SampleFormat format) {
    if (srcOffset < 0 || dstOffset < 0) {
      throw new IllegalArgumentException(
          "offsets must be >= 0, were " + srcOffset + " and " + dstOffset);
    }
    checkLength("src", src.length - srcOffset, sampleCount);
    checkLength("dst", dst.length - dstOffset, sampleCount);
    int clipped = 0;
    switch (format) {
      case F32 -> System.arraycopy(src, srcOffset, dst, dstOffset, sampleCount);
      case I16 -> {
        for (int i = 0; i < sampleCount; i++) {
          int v = Math.round(src[srcOffset + i] * I16_SCALE);
          if (v > Short.MAX_VALUE || v < Short.MIN_VALUE) {
            v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            clipped++;
          }
          dst[dstOffset + i] = v / I16_SCALE;
        }
      }
      case I32 -> {
        for (int i = 0; i < sampleCount; i++) {
          long v = Math.round(src[srcOffset + i] * I32_SCALE);
          if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            v = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
            clipped++;
          }
          dst[dstOffset + i] = (float) ((int) v / I32_SCALE);
        }
      }
    }
    return clipped;
  }

  private static int encodeI16(float[] src, int srcOffset, int sampleCount, ShortBuffer dst) {
    int clipped = 0;
    for (int i = 0; i < sampleCount; i++) {
      // Math.round saturates at the int range, so huge values still clip correctly.
      int v = Math.round(src[srcOffset + i] * I16_SCALE);
      if (v > Short.MAX_VALUE) {
        v = Short.MAX_VALUE;
        clipped++;
      } else if (v < Short.MIN_VALUE) {
        v = Short.MIN_VALUE;
        clipped++;
      }
      dst.put((short) v);
    }
    return clipped;
  }

  private static void checkDecode(
      ByteBuffer src, SampleFormat format, int dstRoom, int sampleCount) {
    checkOrder(src);
    checkLength("dst", dstRoom, sampleCount);
    long needed = (long) sampleCount * format.bytesPerSample();
    if (src.remaining() < needed) {
      throw new IllegalArgumentException(
          "source has " + src.remaining() + " bytes, " + needed + " needed for " + sampleCount
              + " " + format + " samples");
    }
  }

  private static void checkOrder(ByteBuffer buffer) {
    if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("PCM buffers must be in LITTLE_ENDIAN order");
    }
  }

  private static void checkLength(String name, int length, int sampleCount) {
    if (sampleCount < 0) {
      throw new IllegalArgumentException("sampleCount must be >= 0, was " + sampleCount);
    }
    if (length < sampleCount) {
      throw new IllegalArgumentException(
          name + " holds " + length + " samples, " + sampleCount + " needed");
    }
  }
}
