/**
 * Internal: not public API. The one FFT of audio-core and the real-signal transforms built on
 * it, shared by the VAD ({@code io.remotemedia.audio.vad}) and the resampler's FFT decimator
 * ({@code io.remotemedia.audio.resample}). These classes are public only so that those packages
 * can reach them; they may change or go away in any release without notice.
 *
 * <p>{@link io.remotemedia.audio.internal.fft.Fft} is a complex radix-2/4 FFT in double
 * precision; {@link io.remotemedia.audio.internal.fft.RealFft} computes the spectrum of a real
 * sequence with a complex FFT of half its size; {@link
 * io.remotemedia.audio.internal.fft.CosineTransform} computes the inverse transform of a real,
 * even spectrum (a type-I cosine transform) with a real FFT of half its size.
 */
package io.remotemedia.audio.internal.fft;
