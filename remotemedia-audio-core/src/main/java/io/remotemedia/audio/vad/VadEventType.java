package io.remotemedia.audio.vad;

/** What a {@link VadEvent} reports. */
public enum VadEventType {
  /** A speech segment has been confirmed; its time is the segment's (padded) start. */
  SPEECH_START,
  /** A speech segment has ended; its time is the segment's (padded) end. */
  SPEECH_END
}
