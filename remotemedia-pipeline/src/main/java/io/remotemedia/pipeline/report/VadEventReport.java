package io.remotemedia.pipeline.report;

import io.remotemedia.audio.vad.VadEventType;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code VAD} node reported during one chunk of a stream: speech started or ended.
 * Present in a {@link io.remotemedia.pipeline.StreamResult} only for the chunks that had
 * events.
 *
 * @param events the events, oldest first
 */
public record VadEventReport(List<Event> events) implements NodeReport {
  /**
   * Copies the events, so the report stays immutable.
   *
   * @param events the events, oldest first
   * @throws NullPointerException if {@code events} or one of them is null
   */
  public VadEventReport {
    events = List.copyOf(events);
  }

  /**
   * One speech start or end.
   *
   * @param type what happened
   * @param timeMs when, in milliseconds from the start of the stream: the padded start or end
   *     of the segment, which lies before the chunk that reports it
   */
  public record Event(VadEventType type, long timeMs) {
    /**
     * Checks the values.
     *
     * @param type what happened
     * @param timeMs when, in milliseconds from the start of the stream
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalArgumentException if {@code timeMs} is negative
     */
    public Event {
      Objects.requireNonNull(type, "type");
      if (timeMs < 0) {
        throw new IllegalArgumentException("timeMs must be >= 0, was " + timeMs);
      }
    }
  }
}
