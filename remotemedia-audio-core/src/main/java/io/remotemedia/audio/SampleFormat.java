package io.remotemedia.audio;

/**
 * How one sample is encoded at the edges of a pipeline (wire, files). Inside a pipeline every
 * sample is a {@code float}; a format other than {@link #F32} means the values are encoded as
 * it when they leave, and that what a pipeline returns lies on that format's quantisation grid
 * (the runner rounds and clips a sink's output onto it, as encoding it would, so a local run
 * returns what a remote one does). Between nodes values may lie between grid steps, after a
 * gain or a down-mix for example.
 *
 * <p>An input in an integer format should lie on its grid too, as audio read from a WAV file
 * or decoded from PCM does. A local runner takes its samples as given, while the SDK rounds
 * and clips them onto the grid as it encodes them for the wire: an input off the grid (floats
 * computed by the application and tagged I16) gives slightly different results locally and
 * remotely. Put it on the grid first ({@link io.remotemedia.audio.pcm.PcmCodec#quantize}) to
 * get the same samples both ways, or tag it {@link #F32}.
 */
public enum SampleFormat {
  /** IEEE 754 32-bit float, little-endian, nominal range [-1, 1]. */
  F32(4),
  /** Signed 16-bit integer, little-endian; full scale is 32768. */
  I16(2),
  /** Signed 32-bit integer, little-endian; full scale is 2<sup>31</sup>. */
  I32(4);

  private final int bytesPerSample;

  SampleFormat(int bytesPerSample) {
    this.bytesPerSample = bytesPerSample;
  }

  /** {@return the encoded size of one sample, in bytes} */
  public int bytesPerSample() {
    return bytesPerSample;
  }
}
