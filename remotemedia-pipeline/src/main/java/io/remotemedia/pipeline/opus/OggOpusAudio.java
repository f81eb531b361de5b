package io.remotemedia.pipeline.opus;

import io.remotemedia.audio.AudioBuffer;
import java.util.Objects;

/**
 * A decoded Ogg Opus file.
 *
 * @param audio the decoded samples at 48 kHz (Ogg Opus always plays at 48 kHz), with the
 *     pre-skip removed and the end trimmed to the last page's granule position
 * @param inputSampleRateHz the rate of the audio before it was encoded, as the header states
 *     it; informational, 0 when unspecified
 * @param preSkipFrames the frames at 48 kHz that the header says to drop at the start
 * @param packetCount the audio packets in the file
 */
public record OggOpusAudio(AudioBuffer audio, long inputSampleRateHz, int preSkipFrames,
    int packetCount) {
  /**
   * Checks the fields.
   *
   * @param audio the decoded samples at 48 kHz (Ogg Opus always plays at 48 kHz), with the
   *     pre-skip removed and the end trimmed to the last page's granule position
   * @param inputSampleRateHz the rate of the audio before it was encoded, as the header states
   *     it; informational, 0 when unspecified
   * @param preSkipFrames the frames at 48 kHz that the header says to drop at the start
   * @param packetCount the audio packets in the file
   * @throws NullPointerException if {@code audio} is null
   */
  public OggOpusAudio {
    Objects.requireNonNull(audio, "audio");
  }
}
