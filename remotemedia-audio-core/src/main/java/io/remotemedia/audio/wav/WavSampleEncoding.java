package io.remotemedia.audio.wav;

import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.g711.G711Law;

/**
 * How one sample is stored in a WAV file's data chunk. All are little-endian and packed (a
 * 24-bit sample takes 3 bytes).
 *
 * <p>Float conversion follows {@link io.remotemedia.audio.pcm.PcmCodec}: an integer sample
 * {@code v} of {@code b} bits decodes to {@code v / 2^(b-1)}, so full scale is [-1, 1). 8-bit
 * PCM is unsigned with an offset of 128, as the WAV format defines it. The G.711 encodings
 * store one 8-bit code per sample and decode as {@link G711Law} describes.
 */
public enum WavSampleEncoding {
  /** Unsigned 8-bit PCM; 128 is silence. */
  PCM_U8(8, WavSampleEncoding.TAG_PCM, SampleFormat.I16),
  /** Signed 16-bit PCM. */
  PCM_S16(16, WavSampleEncoding.TAG_PCM, SampleFormat.I16),
  /** Signed 24-bit PCM, packed in 3 bytes. */
  PCM_S24(24, WavSampleEncoding.TAG_PCM, SampleFormat.I32),
  /** Signed 32-bit PCM. */
  PCM_S32(32, WavSampleEncoding.TAG_PCM, SampleFormat.I32),
  /** IEEE 754 32-bit float. */
  FLOAT32(32, WavSampleEncoding.TAG_IEEE_FLOAT, SampleFormat.F32),
  /** IEEE 754 64-bit float; decoded to float, which keeps 24 bits of precision. */
  FLOAT64(64, WavSampleEncoding.TAG_IEEE_FLOAT, SampleFormat.F32),
  /** G.711 A-law, 8 bits per sample (format tag 6); decodes onto the 16-bit grid. */
  A_LAW(8, WavSampleEncoding.TAG_A_LAW, SampleFormat.I16),
  /** G.711 μ-law, 8 bits per sample (format tag 7); decodes onto the 16-bit grid. */
  MU_LAW(8, WavSampleEncoding.TAG_MU_LAW, SampleFormat.I16);

  private static final int TAG_PCM = 0x0001;
  private static final int TAG_IEEE_FLOAT = 0x0003;
  private static final int TAG_A_LAW = 0x0006;
  private static final int TAG_MU_LAW = 0x0007;

  private final int bitsPerSample;
  private final int formatTag;
  private final SampleFormat gridFormat;

  WavSampleEncoding(int bitsPerSample, int formatTag, SampleFormat gridFormat) {
    this.bitsPerSample = bitsPerSample;
    this.formatTag = formatTag;
    this.gridFormat = gridFormat;
  }

  /** {@return the stored size of one sample in bits: 8, 16, 24, 32 or 64} */
  public int bitsPerSample() {
    return bitsPerSample;
  }

  /** {@return the stored size of one sample in bytes} */
  public int bytesPerSample() {
    return bitsPerSample / 8;
  }

  /** {@return true for the IEEE float encodings} */
  public boolean isFloat() {
    return formatTag == TAG_IEEE_FLOAT;
  }

  /**
   * Returns the WAVE format tag that declares this encoding: 1 (PCM), 3 (IEEE float), 6
   * (A-law) or 7 (μ-law).
   *
   * @return the format tag, as in the fmt chunk's {@code wFormatTag}
   */
  public int formatTag() {
    return formatTag;
  }

  /**
   * Returns the G.711 law of a companded encoding, or null for PCM and float.
   *
   * @return {@link G711Law#A_LAW}, {@link G711Law#MU_LAW} or null
   */
  public G711Law g711Law() {
    return switch (this) {
      case A_LAW -> G711Law.A_LAW;
      case MU_LAW -> G711Law.MU_LAW;
      default -> null;
    };
  }

  /** Returns true if the WAV format needs a {@code fact} chunk: every format but PCM. */
  boolean needsFactChunk() {
    return formatTag != TAG_PCM;
  }

  /**
   * {@return the pipeline {@link SampleFormat} whose grid holds every decoded value exactly:
   * {@link SampleFormat#I16} for 8 and 16-bit PCM, {@link SampleFormat#I32} for 24 and 32-bit
   * PCM, {@link SampleFormat#F32} for float}
   */
  public SampleFormat sampleFormat() {
    return gridFormat;
  }

  /**
   * Returns the encoding with this storage, or null if there is none.
   *
   * @param formatTag the fmt chunk's format tag (1, 3, 6 or 7)
   * @param bitsPerSample the container size in bits
   */
  static WavSampleEncoding of(int formatTag, int bitsPerSample) {
    for (WavSampleEncoding encoding : values()) {
      if (encoding.formatTag == formatTag && encoding.bitsPerSample == bitsPerSample) {
        return encoding;
      }
    }
    return null;
  }
}
