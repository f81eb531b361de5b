package io.remotemedia.audio.g711;

/**
 * The two companding laws of ITU-T G.711: 8 bits per sample, any sample rate (telephony uses
 * 8 kHz, so 64 kbit/s per channel).
 *
 * <p>Encoding rounds a float sample to the law's linear grid (14 bits for μ-law, 13 for A-law,
 * so {@code round(x * 8192)} or {@code round(x * 4096)}, ties towards positive infinity), clips
 * it to that grid's range, and then quantises it within its segment as G.711 specifies; this is
 * what SoX does, and the two give the same bytes. Decoding maps each code to its value on the
 * 16-bit grid, divided by 32768: μ-law spans ±32124/32768, A-law ±32256/32768. {@code NaN}
 * encodes as 0.
 *
 * <pre>{@code
 * byte[] codes = new byte[samples.length];
 * int clipped = G711Law.MU_LAW.encode(samples, 0, codes, 0, samples.length);
 * G711Law.MU_LAW.decode(codes, 0, samples, 0, codes.length);
 * }</pre>
 *
 * <p>Stateless and thread-safe; the block methods allocate nothing. Each sample is coded on its
 * own, so chunk boundaries never change the result.
 */
public enum G711Law {
  /** μ-law (North America, Japan); WAV format tag 7. */
  MU_LAW(14),
  /** A-law (Europe and most of the world); WAV format tag 6. */
  A_LAW(13);

  private final int linearBits;
  private final float linearScale;
  private final int linearMax;
  private final byte[] encodeTable;
  private final float[] decodeTable = new float[256];
  private final short[] decodePcm16 = new short[256];

  G711Law(int linearBits) {
    this.linearBits = linearBits;
    this.linearScale = 1 << (linearBits - 1);
    this.linearMax = (1 << (linearBits - 1)) - 1;
    this.encodeTable = new byte[1 << linearBits];
    int min = -(1 << (linearBits - 1));
    for (int v = min; v <= linearMax; v++) {
      encodeTable[v - min] = linearBits == 14
          ? G711Segments.muLawEncode(v) : G711Segments.aLawEncode(v);
    }
    for (int code = 0; code < 256; code++) {
      short linear = linearBits == 14
          ? G711Segments.muLawDecode((byte) code) : G711Segments.aLawDecode((byte) code);
      decodePcm16[code] = linear;
      decodeTable[code] = linear / 32768f;
    }
  }

  /** {@return the linear resolution the law codes from: 14 bits for μ-law, 13 for A-law} */
  public int linearBits() {
    return linearBits;
  }

  /**
   * Encodes one sample.
   *
   * @param sample a float sample; values beyond the law's range clip
   * @return the 8-bit code
   */
  public byte encode(float sample) {
    return encodeTable[linear(sample) + (1 << (linearBits - 1))];
  }

  /**
   * Decodes one code.
   *
   * @param code an 8-bit code; every value is valid
   * @return the sample, in (-1, 1)
   */
  public float decode(byte code) {
    return decodeTable[code & 0xFF];
  }

  /**
   * Decodes one code to the 16-bit linear value G.711 defines for it.
   *
   * @param code an 8-bit code; every value is valid
   * @return the 16-bit linear value
   */
  public short decodeToPcm16(byte code) {
    return decodePcm16[code & 0xFF];
  }

  /**
   * Encodes {@code src[srcOffset..srcOffset + sampleCount)} into {@code dst} from {@code
   * dstOffset}, one byte per sample.
   *
   * @param src the float samples; not kept
   * @param srcOffset the first sample to encode
   * @param dst receives the codes; not kept
   * @param dstOffset the first byte to write
   * @param sampleCount how many samples to encode
   * @return how many samples lay outside the law's range and were clipped
   * @throws IndexOutOfBoundsException if either range lies outside its array
   */
  public int encode(float[] src, int srcOffset, byte[] dst, int dstOffset, int sampleCount) {
    checkRanges(src.length, srcOffset, dst.length, dstOffset, sampleCount);
    int clipped = 0;
    int offset = 1 << (linearBits - 1);
    for (int i = 0; i < sampleCount; i++) {
      // Math.round saturates at the int range, so huge values still clip correctly.
      int v = Math.round(src[srcOffset + i] * linearScale);
      if (v > linearMax || v < -offset) {
        v = v > 0 ? linearMax : -offset;
        clipped++;
      }
      dst[dstOffset + i] = encodeTable[v + offset];
    }
    return clipped;
  }

  /**
   * Decodes {@code src[srcOffset..srcOffset + sampleCount)} into {@code dst} from {@code
   * dstOffset}.
   *
   * @param src the codes, one byte per sample; not kept
   * @param srcOffset the first code to decode
   * @param dst receives the float samples; not kept
   * @param dstOffset the first sample to write
   * @param sampleCount how many codes to decode
   * @throws IndexOutOfBoundsException if either range lies outside its array
   */
  public void decode(byte[] src, int srcOffset, float[] dst, int dstOffset, int sampleCount) {
    checkRanges(dst.length, dstOffset, src.length, srcOffset, sampleCount);
    for (int i = 0; i < sampleCount; i++) {
      dst[dstOffset + i] = decodeTable[src[srcOffset + i] & 0xFF];
    }
  }

  private int linear(float sample) {
    int v = Math.round(sample * linearScale);
    return Math.max(-(1 << (linearBits - 1)), Math.min(linearMax, v));
  }

  private static void checkRanges(int floatLength, int floatOffset, int byteLength,
      int byteOffset, int sampleCount) {
    if (sampleCount < 0 || floatOffset < 0 || byteOffset < 0
        || (long) floatOffset + sampleCount > floatLength
        || (long) byteOffset + sampleCount > byteLength) {
      throw new IndexOutOfBoundsException("cannot code " + sampleCount + " samples between"
          + " float offset " + floatOffset + " of " + floatLength + " and byte offset "
          + byteOffset + " of " + byteLength);
    }
  }
}
