/**
 * Audio formats and buffers shared by every RemoteMedia module.
 *
 * <p>Samples are interleaved {@code float} values with a nominal range of [-1, 1].
 * {@link io.remotemedia.audio.AudioFormat} names the sample rate, the channel count and the
 * {@link io.remotemedia.audio.SampleFormat} used where audio is encoded at the edges.
 */
package io.remotemedia.audio;
