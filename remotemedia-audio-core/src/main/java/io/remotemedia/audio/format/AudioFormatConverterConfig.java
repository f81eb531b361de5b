package io.remotemedia.audio.format;

import io.remotemedia.audio.SampleFormat;
import java.util.Locale;

/**
 * Parameters of an {@link AudioFormatConverterNode}. Immutable.
 *
 * @param targetFormat the sample format to quantise to: {@link SampleFormat#I16}, {@link
 *     SampleFormat#I32}, or {@link SampleFormat#F32} (values pass through unchanged)
 * @param dither the noise added before rounding; {@link Dither#TPDF} needs an integer target
 * @param ditherSeed the seed of the dither generator; the same seed gives the same output
 */
public record AudioFormatConverterConfig(
    SampleFormat targetFormat, Dither dither, long ditherSeed) {
  /** The seed used when none is given. */
  public static final long DEFAULT_DITHER_SEED = 0x5EED_D17E_12L;

  /**
   * @param targetFormat the sample format to quantise to: {@link SampleFormat#I16}, {@link
   *     SampleFormat#I32}, or {@link SampleFormat#F32} (values pass through unchanged)
   * @param dither the noise added before rounding; {@link Dither#TPDF} needs an integer target
   * @param ditherSeed the seed of the dither generator; the same seed gives the same output
   * @throws IllegalArgumentException if a value is null, or {@code dither} is TPDF with an F32
   *     target; the message names the manifest parameter
   */
  public AudioFormatConverterConfig {
    if (targetFormat == null) {
      throw new IllegalArgumentException("target_format must not be null");
    }
    if (dither == null) {
      throw new IllegalArgumentException("dither must not be null");
    }
    if (dither != Dither.NONE && targetFormat == SampleFormat.F32) {
      throw new IllegalArgumentException("dither " + spell(dither) + " needs an integer"
          + " target_format (i16 or i32), was f32");
    }
  }

  /**
   * A config with {@link #DEFAULT_DITHER_SEED}.
   *
   * @param targetFormat the sample format to quantise to: {@link SampleFormat#I16}, {@link
   *     SampleFormat#I32}, or {@link SampleFormat#F32} (values pass through unchanged)
   * @param dither the noise added before rounding; {@link Dither#TPDF} needs an integer target
   */
  public AudioFormatConverterConfig(SampleFormat targetFormat, Dither dither) {
    this(targetFormat, dither, DEFAULT_DITHER_SEED);
  }

  private static String spell(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
