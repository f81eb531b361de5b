package io.remotemedia.audio.vad;

/**
 * A reusable holder for one streaming VAD event, filled by {@link VadNode#pollEvents}. It is
 * mutable on purpose: a caller allocates an array of holders once and polls into it after
 * every chunk, so the streaming path allocates nothing. Copy the values out if you keep them.
 *
 * <pre>{@code
 * VadEvent[] events = {new VadEvent(), new VadEvent(), new VadEvent(), new VadEvent()};
 * int n = vad.pollEvents(events);
 * for (int i = 0; i < n; i++) {
 *   System.out.println(events[i].type() + " at " + events[i].timeMs() + " ms");
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class VadEvent {
  private VadEventType type = VadEventType.SPEECH_START;
  private long timeMs;

  /** Creates an empty holder (SPEECH_START at 0 ms until filled). */
  public VadEvent() {}

  /** {@return what happened} */
  public VadEventType type() {
    return type;
  }

  /**
   * {@return when it happened, in ms from the start of the stream: the padded start or end of
   * the segment} It lies before the point in the stream at which the event is reported (by up
   * to {@code padding_ms + min_speech_ms} for a start, up to {@code max(min_silence_ms,
   * padding_ms)} plus a frame for an end).
   */
  public long timeMs() {
    return timeMs;
  }

  void set(VadEventType eventType, long eventTimeMs) {
    this.type = eventType;
    this.timeMs = eventTimeMs;
  }

  @Override
  public String toString() {
    return type + "@" + timeMs + "ms";
  }
}
