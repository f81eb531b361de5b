package io.remotemedia.pipeline.encoding;

/** How audio bytes are coded on the wire or in a file. */
public enum AudioEncoding {
  /** Raw PCM in a {@link io.remotemedia.audio.SampleFormat}: no coding. */
  PCM,
  /** ITU-T G.711 μ-law: one byte per sample, any rate. */
  MU_LAW,
  /** ITU-T G.711 A-law: one byte per sample, any rate. */
  A_LAW,
  /** A whole Ogg Opus file (RFC 7845), mono or stereo, decoded at 48 kHz. */
  OGG_OPUS,
  /** Raw Opus packets laid end to end, with their lengths and duration. */
  OPUS_PACKETS;

  /**
   * Returns true for the Opus encodings, which need a rate of 8, 12, 16, 24 or 48 kHz and
   * one or two channels.
   *
   * @return whether this is {@link #OGG_OPUS} or {@link #OPUS_PACKETS}
   */
  public boolean isOpus() {
    return this == OGG_OPUS || this == OPUS_PACKETS;
  }
}
