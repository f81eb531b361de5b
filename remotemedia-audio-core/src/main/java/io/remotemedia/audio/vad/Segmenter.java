package io.remotemedia.audio.vad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns per-frame speech decisions into speech segments and events, in milliseconds.
 *
 * <p>A frame is speech when its probability exceeds the mode's start threshold, or, right after
 * a speech frame, its lower continue threshold ({@link #onProbability}): the hysteresis keeps
 * weak syllables inside speech without letting weak noise start it.
 *
 * <p>Rules, applied as the frames arrive: a region opens at a speech frame; silences shorter
 * than {@code min_silence} inside it are bridged; once its span from first to latest speech
 * frame reaches {@code min_speech} it is confirmed (SPEECH_START); it closes after {@code
 * max(min_silence, padding)} of silence (SPEECH_END), or is dropped if it closes unconfirmed.
 * A segment is the region widened by the padding on both sides, clamped to the previous
 * segment's end and to the stream.
 *
 * <p>For gating it also tells which milliseconds are decided ({@link #frontierMs}) and which
 * of those are speech. Allocation-free per frame except when the segment history doubles.
 */
final class Segmenter {
  private final int frameMs;
  private final int paddingMs;
  private final int minSpeechFrames;
  private final int minSilenceFrames;
  private final int closeFrames;

  private long frames;
  private boolean previousSpeech;
  private boolean open;
  private boolean confirmed;
  private long firstSpeech;
  private long lastSpeech;
  private long openStartMs;
  private long lastStartMs;
  private long lastEndMs;
  private long frontierMs;

  private long[] starts = new long[16];
  private long[] ends = new long[16];
  private int count;

  private final boolean[] eventIsStart;
  private final long[] eventTimes;
  private int eventHead;
  private int eventCount;
  private long droppedEvents;

  Segmenter(int frameMs, int minSpeechMs, int minSilenceMs, int paddingMs, int eventCapacity) {
    this.frameMs = frameMs;
    this.paddingMs = paddingMs;
    this.minSpeechFrames = Math.max(1, ceilDiv(minSpeechMs, frameMs));
    this.minSilenceFrames = Math.max(1, ceilDiv(minSilenceMs, frameMs));
    this.closeFrames = Math.max(minSilenceFrames, ceilDiv(paddingMs, frameMs));
    eventIsStart = new boolean[eventCapacity];
    eventTimes = new long[eventCapacity];
    reset();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * The longest time a decision of a segmenter built from these parameters can stay pending
   * behind the newest frame, in ms.
   */
  static long maxPendingMs(int frameMs, int minSpeechMs, int minSilenceMs, int paddingMs) {
    int minSpeechFrames = Math.max(1, ceilDiv(minSpeechMs, frameMs));
    int closeFrames = Math.max(Math.max(1, ceilDiv(minSilenceMs, frameMs)),
        ceilDiv(paddingMs, frameMs));
    return paddingMs + (long) (minSpeechFrames + closeFrames + 2) * frameMs;
  }

  /** The bytes of the event queue of a segmenter of {@code eventCapacity} events. */
  static long eventBytes(int eventCapacity) {
    return (long) eventCapacity * (1 + Long.BYTES);
  }

  void reset() {
    frames = 0;
    previousSpeech = false;
    open = false;
    confirmed = false;
    lastStartMs = -1;
    lastEndMs = 0;
    openStartMs = -1;
    frontierMs = 0;
    count = 0;
    eventHead = 0;
    eventCount = 0;
    droppedEvents = 0;
  }

  /**
   * Adds the next frame from its speech probability: speech when above {@code
   * mode.startThreshold()}, or above {@code mode.continueThreshold()} if the previous frame was
   * speech.
   */
  void onProbability(float probability, VadMode mode) {
    onFrame(probability > (previousSpeech ? mode.continueThreshold() : mode.startThreshold()));
  }

  /** Adds the decision for the next frame. */
  void onFrame(boolean speech) {
    previousSpeech = speech;
    long k = frames++;
    if (speech) {
      if (!open) {
        open = true;
        confirmed = false;
        firstSpeech = k;
      }
      lastSpeech = k;
      if (!confirmed && lastSpeech - firstSpeech + 1 >= minSpeechFrames) {
        confirmed = true;
        openStartMs = Math.max(0, Math.max(firstSpeech * frameMs - paddingMs, lastEndMs));
        addEvent(true, openStartMs);
      }
    } else if (open) {
      long gap = k - lastSpeech;
      if (!confirmed && gap >= minSilenceFrames) {
        open = false;
      } else if (confirmed && gap >= closeFrames) {
        close((lastSpeech + 1) * frameMs + paddingMs);
      }
    }
    advanceFrontier();
  }

  /** Ends the stream at {@code streamEndMs}: closes or drops the open region. */
  void finish(long streamEndMs) {
    if (open && confirmed) {
      close(Math.min((lastSpeech + 1) * frameMs + paddingMs, streamEndMs));
    }
    open = false;
    frontierMs = Math.max(frontierMs, streamEndMs);
  }

  private void close(long endMs) {
    open = false;
    confirmed = false;
    lastStartMs = openStartMs;
    lastEndMs = endMs;
    openStartMs = -1;
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    starts[count] = lastStartMs;
    ends[count] = endMs;
    count++;
    addEvent(false, endMs);
  }

  private void advanceFrontier() {
    long nowMs = frames * frameMs;
    long f;
    if (!open) {
      f = Math.max(lastEndMs, nowMs - paddingMs);
    } else if (!confirmed) {
      f = Math.max(lastEndMs, firstSpeech * frameMs - paddingMs);
    } else {
      f = Math.min(nowMs, (lastSpeech + 1) * frameMs + paddingMs);
    }
    frontierMs = Math.max(frontierMs, f);
  }

  /** Every millisecond before this is decided: it is or is not in a segment for good. */
  long frontierMs() {
    return frontierMs;
  }

  /** Start of the latest closed segment, or -1. */
  long lastStartMs() {
    return lastStartMs;
  }

  /** End of the latest closed segment, or 0. */
  long lastEndMs() {
    return lastEndMs;
  }

  /** Start of the open confirmed segment, or -1 when there is none. */
  long openStartMs() {
    return open && confirmed ? openStartMs : -1;
  }

  int segmentCount() {
    return count;
  }

  List<SpeechSegment> segments() {
    List<SpeechSegment> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(new SpeechSegment(starts[i], ends[i]));
    }
    return list;
  }

  private void addEvent(boolean start, long timeMs) {
    int capacity = eventTimes.length;
    if (eventCount == capacity) {
      eventHead = (eventHead + 1) % capacity;
      eventCount--;
      droppedEvents++;
    }
    int slot = (eventHead + eventCount) % capacity;
    eventIsStart[slot] = start;
    eventTimes[slot] = timeMs;
    eventCount++;
  }

  int pendingEvents() {
    return eventCount;
  }

  long droppedEvents() {
    return droppedEvents;
  }

  int pollEvents(VadEvent[] into) {
    int n = Math.min(eventCount, into.length);
    for (int i = 0; i < n; i++) {
      into[i].set(eventIsStart[eventHead] ? VadEventType.SPEECH_START : VadEventType.SPEECH_END,
          eventTimes[eventHead]);
      eventHead = (eventHead + 1) % eventTimes.length;
    }
    eventCount -= n;
    return n;
  }
}
