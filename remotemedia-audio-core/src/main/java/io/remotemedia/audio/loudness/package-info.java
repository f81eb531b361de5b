/**
 * Loudness: the ITU-R BS.1770-4 / EBU R128 integrated loudness meter ({@link
 * io.remotemedia.audio.loudness.LoudnessMeter}), a 4x oversampling true-peak meter ({@link
 * io.remotemedia.audio.loudness.TruePeakMeter}), and the whole-stream {@link
 * io.remotemedia.audio.loudness.NormalizeNode} (peak or loudness normalisation with an optional
 * true-peak ceiling).
 */
package io.remotemedia.audio.loudness;
