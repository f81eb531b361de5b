package io.remotemedia.audio.loudness;

/** What a {@link NormalizeNode} brings to its target. Manifests spell it in lower case. */
public enum NormalizeMode {
  /** The sample peak to {@code target_db} dBFS. */
  PEAK,
  /** The BS.1770 integrated loudness to {@code target_lufs} LUFS. */
  LOUDNESS
}
