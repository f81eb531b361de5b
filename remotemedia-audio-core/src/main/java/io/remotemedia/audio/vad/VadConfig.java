package io.remotemedia.audio.vad;

import java.util.Objects;

/**
 * Parameters of a {@link VadNode}. Immutable.
 *
 * <p>Durations are in milliseconds; {@code min_speech_ms} and {@code min_silence_ms} are
 * rounded up to whole frames.
 *
 * @param mode how readily frames count as speech; manifest parameter {@code mode}
 * @param frameMs decision frame length: 10, 20 or 30 ms; {@code frame_ms}
 * @param minSpeechMs speech regions shorter than this are dropped; 0 to {@value
 *     #MAX_DURATION_MS}; {@code min_speech_ms}
 * @param minSilenceMs silences shorter than this inside speech are bridged, so a segment ends
 *     only after this much silence; 0 to {@value #MAX_DURATION_MS}; {@code min_silence_ms}
 * @param paddingMs each segment is extended by this much before and after (clamped to the
 *     stream and to the previous segment); 0 to {@value #MAX_PADDING_MS}; {@code padding_ms}
 * @param gate when true the audio output holds only the audio inside segments; when false
 *     the audio passes through unchanged; {@code gate}
 */
public record VadConfig(
    VadMode mode, int frameMs, int minSpeechMs, int minSilenceMs, int paddingMs,
    boolean gate) {
  /** The longest {@code min_speech_ms} and {@code min_silence_ms}, in ms. */
  public static final int MAX_DURATION_MS = 5000;
  /** The longest {@code padding_ms}, in ms. */
  public static final int MAX_PADDING_MS = 1000;
  /** Default {@code frame_ms}. */
  public static final int DEFAULT_FRAME_MS = 10;
  /** Default {@code min_speech_ms}. */
  public static final int DEFAULT_MIN_SPEECH_MS = 100;
  /** Default {@code min_silence_ms}. */
  public static final int DEFAULT_MIN_SILENCE_MS = 300;
  /** Default {@code padding_ms}. */
  public static final int DEFAULT_PADDING_MS = 20;

  /**
   * @param mode how readily frames count as speech; manifest parameter {@code mode}
   * @param frameMs decision frame length: 10, 20 or 30 ms; {@code frame_ms}
   * @param minSpeechMs speech regions shorter than this are dropped; 0 to {@value
   *     #MAX_DURATION_MS}; {@code min_speech_ms}
   * @param minSilenceMs silences shorter than this inside speech are bridged, so a segment ends
   *     only after this much silence; 0 to {@value #MAX_DURATION_MS}; {@code min_silence_ms}
   * @param paddingMs each segment is extended by this much before and after (clamped to the stream
   *     and to the previous segment); 0 to {@value #MAX_PADDING_MS}; {@code padding_ms}
   * @param gate when true the audio output holds only the audio inside segments; when false the
   *     audio passes through unchanged; {@code gate}
   * @throws IllegalArgumentException if a value is out of range; the message names the
   *     manifest parameter, its value and the allowed values
   * @throws NullPointerException if {@code mode} is null
   */
  public VadConfig {
    Objects.requireNonNull(mode, "mode");
    if (frameMs != 10 && frameMs != 20 && frameMs != 30) {
      throw new IllegalArgumentException("frame_ms must be 10, 20 or 30, was " + frameMs);
    }
    checkRange("min_speech_ms", minSpeechMs, MAX_DURATION_MS);
    checkRange("min_silence_ms", minSilenceMs, MAX_DURATION_MS);
    checkRange("padding_ms", paddingMs, MAX_PADDING_MS);
  }

  /**
   * The defaults: normal mode, 10 ms frames, 100 ms min speech, 300 ms min silence, 20 ms
   * padding, no gating.
   *
   * @return the default config, which passes every check of the constructor
   */
  public static VadConfig defaults() {
    return new VadConfig(VadMode.NORMAL, DEFAULT_FRAME_MS, DEFAULT_MIN_SPEECH_MS,
        DEFAULT_MIN_SILENCE_MS, DEFAULT_PADDING_MS, false);
  }

  /**
   * {@return this config with gating switched on or off}
   *
   * @param enabled true to silence the non-speech parts of the audio, false to pass the audio
   *     through unchanged
   */
  public VadConfig withGate(boolean enabled) {
    return new VadConfig(mode, frameMs, minSpeechMs, minSilenceMs, paddingMs, enabled);
  }

  private static void checkRange(String name, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + max + "], was " + value);
    }
  }
}
