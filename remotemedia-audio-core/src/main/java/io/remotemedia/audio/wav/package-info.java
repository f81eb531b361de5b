/**
 * Reading and writing RIFF/WAVE files: PCM 8, 16, 24 and 32-bit, IEEE float 32 and 64-bit,
 * G.711 A-law and μ-law (format tags 6 and 7), plain and {@code WAVE_FORMAT_EXTENSIBLE}
 * headers, any channel count up to {@link io.remotemedia.audio.AudioFormat#MAX_CHANNELS}.
 *
 * <p>{@link io.remotemedia.audio.wav.WavReader} decodes a whole file into interleaved float
 * samples and a {@link io.remotemedia.audio.wav.WavInfo}; {@link
 * io.remotemedia.audio.wav.WavWriter} encodes float samples; {@link
 * io.remotemedia.audio.wav.WavSampleCodec} converts single blocks of samples, including packed
 * 24-bit PCM. Malformed, truncated or unsupported files raise a {@link
 * io.remotemedia.audio.wav.WavFormatException} whose message names the problem and its byte
 * offset.
 */
package io.remotemedia.audio.wav;
