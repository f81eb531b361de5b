package io.remotemedia.audio;

import java.util.Objects;

/**
 * A block of interleaved float audio with its format.
 *
 * <p>The sample array is shared, not copied: whoever builds a buffer hands the array over and
 * must not modify it afterwards; whoever reads {@link #samples()} must not modify it either.
 * The array may be longer than {@code frameCount * channelCount}; only that prefix is audio.
 *
 * <pre>{@code
 * float[] samples = {0.5f, -0.5f, 0.25f, -0.25f};
 * AudioBuffer stereo = AudioBuffer.of(AudioFormat.f32(48000, 2), samples); // 2 frames
 * }</pre>
 *
 * <p>Instances are immutable as long as the ownership rule above is kept, and are then safe to
 * share between threads.
 */
public final class AudioBuffer {
  private final AudioFormat format;
  private final float[] samples;
  private final int frameCount;

  private AudioBuffer(AudioFormat format, float[] samples, int frameCount) {
    this.format = format;
    this.samples = samples;
    this.frameCount = frameCount;
  }

  /**
   * Wraps {@code frameCount} frames at the start of {@code samples}.
   *
   * @param format the format of the samples; not null
   * @param samples interleaved samples in [-1, 1]; wrapped, not copied, so the buffer and the
   *     caller share it
   * @param frameCount the number of frames to wrap, counted from index 0; 0 or more
   * @return a buffer over the first {@code frameCount} frames of {@code samples}
   * @throws IllegalArgumentException if the array holds fewer than
   *     {@code frameCount * format.channelCount()} samples, or {@code frameCount} is negative
   */
  public static AudioBuffer of(AudioFormat format, float[] samples, int frameCount) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(samples, "samples");
    if (frameCount < 0) {
      throw new IllegalArgumentException("frameCount must be >= 0, was " + frameCount);
    }
    long needed = (long) frameCount * format.channelCount();
    if (needed > samples.length) {
      throw new IllegalArgumentException(
          "frameCount " + frameCount + " x " + format.channelCount() + " channels needs "
              + needed + " samples, but the array holds " + samples.length);
    }
    return new AudioBuffer(format, samples, frameCount);
  }

  /**
   * Wraps a whole array of interleaved samples.
   *
   * @param format the format of the samples; not null
   * @param samples interleaved samples in [-1, 1], every one of them part of the buffer; wrapped,
   *     not copied
   * @return a buffer over all of {@code samples}
   * @throws IllegalArgumentException if the length is not a multiple of the channel count
   */
  public static AudioBuffer of(AudioFormat format, float[] samples) {
    if (samples.length % format.channelCount() != 0) {
      throw new IllegalArgumentException(
          "sample count " + samples.length + " is not a multiple of the channel count "
              + format.channelCount());
    }
    return of(format, samples, samples.length / format.channelCount());
  }

  /** {@return the format of the samples} */
  public AudioFormat format() {
    return format;
  }

  /** {@return the backing array; see the class comment for ownership} */
  public float[] samples() {
    return samples;
  }

  /** {@return the number of frames (one sample per channel)} */
  public int frameCount() {
    return frameCount;
  }

  /** {@return the number of samples, {@code frameCount * channelCount}} */
  public int sampleCount() {
    return frameCount * format.channelCount();
  }

  /** {@return the duration in microseconds, rounded down} */
  public long durationUs() {
    return frameCount * 1_000_000L / format.sampleRateHz();
  }

  @Override
  public String toString() {
    return "AudioBuffer{" + format + ", " + frameCount + " frames}";
  }
}
