package io.remotemedia.audio.node;

import io.remotemedia.audio.AudioFormat;

/** Thrown by {@link AudioNode#configure} when a node cannot process an input format. */
public final class UnsupportedFormatException extends Exception {
  /** The input format the node refused. */
  private final AudioFormat format;
  /** Why the node refused it, without the format. */
  private final String reason;

  /**
   * @param format the format that was refused
   * @param reason why, for example "VAD needs mono input"
   */
  public UnsupportedFormatException(AudioFormat format, String reason) {
    super("unsupported input format (" + format + "): " + reason);
    this.format = format;
    this.reason = reason;
  }

  /** {@return why the format was refused, without the format itself} */
  public String reason() {
    return reason;
  }

  /** {@return the refused format} */
  public AudioFormat format() {
    return format;
  }
}
