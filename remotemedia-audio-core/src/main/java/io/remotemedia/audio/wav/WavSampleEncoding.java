package io.remotemedia.audio.wav;

import io.remotemedia.audio.SampleFormat;

/**
 * How one sample is stored in a WAV file's data chunk. All are little-endian and packed (a
 * 24-bit sample takes 3 bytes).
 *
 * <p>Float conversion follows {@link io.remotemedia.audio.pcm.PcmCodec}: an integer sample
 * {@code v} of {@code b} bits decodes to {@code v / 2^(b-1)}, so full scale is [-1, 1). 8-bit
 * PCM is unsigned with an offset of 128, as the WAV format defines it.
 */
public enum WavSampleEncoding {
  /** Unsigned 8-bit PCM; 128 is silence. */
  PCM_U8(8, false, SampleFormat.I16),
  /** Signed 16-bit PCM. */
  PCM_S16(16, false, SampleFormat.I16),
  /** Signed 24-bit PCM, packed in 3 bytes. */
  PCM_S24(24, false, SampleFormat.I32),
  /** Signed 32-bit PCM. */
  PCM_S32(32, false, SampleFormat.I32),
  /** IEEE 754 32-bit float. */
  FLOAT32(32, true, SampleFormat.F32),
  /** IEEE 754 64-bit float; decoded to float, which keeps 24 bits of precision. */
  FLOAT64(64, true, SampleFormat.F32);

  private final int bitsPerSample;
  private final boolean isFloat;
  private final SampleFormat gridFormat;

  WavSampleEncoding(int bitsPerSample, boolean isFloat, SampleFormat gridFormat) {
    this.bitsPerSample = bitsPerSample;
    this.isFloat = isFloat;
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
    return isFloat;
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
   * @param isFloat true for IEEE float (format tag 3), false for integer PCM (format tag 1)
   * @param bitsPerSample the container size in bits
   */
  static WavSampleEncoding of(boolean isFloat, int bitsPerSample) {
    for (WavSampleEncoding encoding : values()) {
      if (encoding.isFloat == isFloat && encoding.bitsPerSample == bitsPerSample) {
        return encoding;
      }
    }
    return null;
  }
}
