package io.remotemedia.audio.wav;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Converts blocks of interleaved samples between a WAV data chunk's bytes and floats, for every
 * {@link WavSampleEncoding}, including packed 24-bit PCM.
 *
 * <p>Decoding: an integer sample {@code v} of {@code b} bits becomes {@code v / 2^(b-1)}
 * (unsigned 8-bit samples have 128 subtracted first); 8, 16 and 24-bit values are exact in a
 * float, 32-bit values keep 24 significant bits. 64-bit floats are rounded to float.
 *
 * <p>Encoding to integer PCM multiplies by {@code 2^(b-1)}, rounds to the nearest integer (ties
 * towards positive infinity) and clips to {@code [-2^(b-1), 2^(b-1) - 1]}, counting clipped
 * samples; so 1.0 itself clips by one step. {@code NaN} encodes as 0 and is not counted.
 * A-law and μ-law code as {@link io.remotemedia.audio.g711.G711Law} describes. Float
 * encodings store values unchanged, without clipping: a float file may hold values beyond
 * [-1, 1].
 *
 * <pre>{@code
 * byte[] packed = new byte[frames * channels * 3];
 * int clipped = WavSampleCodec.encode(samples, 0, frames * channels,
 *     WavSampleEncoding.PCM_S24, packed, 0);
 * }</pre>
 *
 * <p>Stateless and thread-safe; allocates nothing.
 */
public final class WavSampleCodec {
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_LE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_LE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  private static final float SCALE_8 = 128f;
  private static final float SCALE_16 = 32768f;
  private static final float SCALE_24 = 8388608f;
  private static final double SCALE_32 = 2147483648.0;

  private WavSampleCodec() {}

  /**
   * Decodes {@code sampleCount} samples from {@code src} starting at byte {@code srcOffset}
   * into {@code dst[dstOffset..dstOffset + sampleCount)}.
   *
   * @param src the encoded little-endian bytes
   * @param srcOffset the index of the first byte to read
   * @param encoding how the samples in {@code src} are stored
   * @param dst receives the decoded samples in [-1, 1]
   * @param dstOffset the index of the first sample to write
   * @param sampleCount the number of samples (not frames) to decode; 0 or more
   * @throws IndexOutOfBoundsException if either array is too short for the range
   */
  public static void decode(byte[] src, int srcOffset, WavSampleEncoding encoding,
      float[] dst, int dstOffset, int sampleCount) {
    checkRanges(src.length, srcOffset, dst.length, dstOffset, sampleCount, encoding);
    int p = srcOffset;
    int end = dstOffset + sampleCount;
    switch (encoding) {
      case PCM_U8 -> {
        for (int i = dstOffset; i < end; i++) {
          dst[i] = ((src[p++] & 0xFF) - 128) / SCALE_8;
        }
      }
      case PCM_S16 -> {
        for (int i = dstOffset; i < end; i++, p += 2) {
          dst[i] = (short) SHORT_LE.get(src, p) / SCALE_16;
        }
      }
      case PCM_S24 -> {
        for (int i = dstOffset; i < end; i++, p += 3) {
          // The top byte is taken signed, which sign-extends the 24-bit value.
          int v = (src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8 | src[p + 2] << 16;
          dst[i] = v / SCALE_24;
        }
      }
      case PCM_S32 -> {
        for (int i = dstOffset; i < end; i++, p += 4) {
          dst[i] = (float) ((int) INT_LE.get(src, p) / SCALE_32);
        }
      }
      case FLOAT32 -> {
        for (int i = dstOffset; i < end; i++, p += 4) {
          dst[i] = (float) FLOAT_LE.get(src, p);
        }
      }
      case FLOAT64 -> {
        for (int i = dstOffset; i < end; i++, p += 8) {
          dst[i] = (float) (double) DOUBLE_LE.get(src, p);
        }
      }
      case A_LAW, MU_LAW -> encoding.g711Law().decode(src, p, dst, dstOffset, sampleCount);
    }
  }

  /**
   * Encodes {@code src[srcOffset..srcOffset + sampleCount)} into {@code dst} starting at byte
   * {@code dstOffset}.
   *
   * @param src the samples, nominally in [-1, 1]; only read
   * @param srcOffset the index of the first sample to read
   * @param sampleCount the number of samples (not frames) to encode; 0 or more
   * @param encoding how to store the samples; the integer encodings clip values outside their range
   * @param dst receives the little-endian bytes
   * @param dstOffset the index of the first byte to write
   * @return how many samples lay outside the encoding's range and were clipped; always 0 for
   *     the float encodings
   * @throws IndexOutOfBoundsException if either array is too short for the range
   */
  public static int encode(float[] src, int srcOffset, int sampleCount,
      WavSampleEncoding encoding, byte[] dst, int dstOffset) {
    checkRanges(dst.length, dstOffset, src.length, srcOffset, sampleCount, encoding);
    int p = dstOffset;
    int end = srcOffset + sampleCount;
    int clipped = 0;
    switch (encoding) {
      case PCM_U8 -> {
        for (int i = srcOffset; i < end; i++) {
          // Math.round saturates at the int range, so huge values still clip correctly.
          int v = Math.round(src[i] * SCALE_8);
          if (v > 127 || v < -128) {
            v = v > 0 ? 127 : -128;
            clipped++;
          }
          dst[p++] = (byte) (v + 128);
        }
      }
      case PCM_S16 -> {
        for (int i = srcOffset; i < end; i++, p += 2) {
          int v = Math.round(src[i] * SCALE_16);
          if (v > Short.MAX_VALUE || v < Short.MIN_VALUE) {
            v = v > 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
            clipped++;
          }
          SHORT_LE.set(dst, p, (short) v);
        }
      }
      case PCM_S24 -> {
        for (int i = srcOffset; i < end; i++, p += 3) {
          int v = Math.round(src[i] * SCALE_24);
          if (v > 0x7FFFFF || v < -0x800000) {
            v = v > 0 ? 0x7FFFFF : -0x800000;
            clipped++;
          }
          dst[p] = (byte) v;
          dst[p + 1] = (byte) (v >> 8);
          dst[p + 2] = (byte) (v >> 16);
        }
      }
      case PCM_S32 -> {
        for (int i = srcOffset; i < end; i++, p += 4) {
          long v = Math.round(src[i] * SCALE_32);
          if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            v = v > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            clipped++;
          }
          INT_LE.set(dst, p, (int) v);
        }
      }
      case FLOAT32 -> {
        for (int i = srcOffset; i < end; i++, p += 4) {
          FLOAT_LE.set(dst, p, src[i]);
        }
      }
      case FLOAT64 -> {
        for (int i = srcOffset; i < end; i++, p += 8) {
          DOUBLE_LE.set(dst, p, (double) src[i]);
        }
      }
      case A_LAW, MU_LAW ->
          clipped = encoding.g711Law().encode(src, srcOffset, dst, dstOffset, sampleCount);
    }
    return clipped;
  }

  private static void checkRanges(int byteLength, int byteOffset, int floatLength,
      int floatOffset, int sampleCount, WavSampleEncoding encoding) {
    if (sampleCount < 0) {
      throw new IndexOutOfBoundsException("sampleCount must be >= 0, was " + sampleCount);
    }
    long bytes = (long) sampleCount * encoding.bytesPerSample();
    if (byteOffset < 0 || byteOffset + bytes > byteLength) {
      throw new IndexOutOfBoundsException("byte range [" + byteOffset + ", "
          + (byteOffset + bytes) + ") is outside the byte array of length " + byteLength);
    }
    if (floatOffset < 0 || (long) floatOffset + sampleCount > floatLength) {
      throw new IndexOutOfBoundsException("sample range [" + floatOffset + ", "
          + ((long) floatOffset + sampleCount) + ") is outside the float array of length "
          + floatLength);
    }
  }
}
