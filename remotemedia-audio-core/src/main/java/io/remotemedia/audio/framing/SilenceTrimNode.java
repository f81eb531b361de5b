package io.remotemedia.audio.framing;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * Removes leading and trailing silence. The stream is cut into windows of {@code window_ms}
 * (aligned to its start); a window whose RMS is below {@code threshold_dbfs} is silent. Silent
 * windows before the first sound are dropped. After that, silent windows are held back: if
 * sound resumes they are emitted (silence inside the stream is kept), and at the end of the
 * stream they are dropped. Any format in, the same format out; samples are never changed.
 *
 * <pre>{@code
 * SilenceTrimNode trim = new SilenceTrimNode(new SilenceTrimConfig(-50.0, 10.0, 2000.0));
 * trim.configure(AudioFormat.f32(16000, 1), 320);
 * int written = trim.process(in, 320, out); // 0 while in silence
 * int tail = trim.flush(out);               // a non-silent final partial window, if any
 * }</pre>
 *
 * <p><b>The hold.</b> Whether silence is trailing is only known at the end, so the node must
 * hold it; it holds at most {@code max_hold_ms} (whole windows). When a longer silence goes on,
 * its oldest windows are released as they leave the hold, so at most {@code max_hold_ms} of
 * trailing silence is removed and the memory stays bounded. With {@code max_hold_ms} below one
 * window nothing is held: only the final partial window can be trimmed at the end.
 *
 * <p><b>Latency.</b> {@link #latencyFrames()} = hold + window - 1 frames: the longest time a
 * frame waits before it is emitted. Output frames are input frames with the trimmed ones
 * removed, in order.
 *
 * <p>The final partial window (shorter than {@code window_ms}) is judged on its own at flush.
 * Output does not depend on chunking (bit-exact). Memory: one window plus the hold.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class SilenceTrimNode extends AbstractAudioNode {
  private final SilenceTrimConfig config;
  private final SilenceDetector detector;
  private int windowFrames;
  private int holdFrames;
  private float[] window;
  private int windowFilled;
  /** Held silent windows: a ring of holdFrames frames, used in whole windows. */
  private float[] hold;
  private int holdStart;
  private int holdCount;
  private boolean soundSeen;

  /**
   * Creates a trimmer.
   *
   * @param config the threshold, window and hold; not null
   */
  public SilenceTrimNode(SilenceTrimConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    this.detector = new SilenceDetector(config.thresholdDbfs());
  }

  /**
   * Allocates the window and the hold.
   *
   * @throws UnsupportedFormatException if the hold and a chunk would not fit a Java array
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    int windowLength = config.windowFrames(input.sampleRateHz());
    int holdLength = config.holdFrames(input.sampleRateHz());
    long outSamples =
        ((long) holdLength + windowLength + maxInputFrames) * input.channelCount();
    if (outSamples > Integer.MAX_VALUE - 8) {
      throw new UnsupportedFormatException(input, "max_hold_ms " + config.maxHoldMs()
          + " is too long to hold for " + input.channelCount() + " channels");
    }
    windowFrames = windowLength;
    holdFrames = holdLength;
    window = new float[windowFrames * input.channelCount()];
    hold = new float[holdFrames * input.channelCount()];
    return input;
  }

  /** Returns the window and the held silence. */
  @Override
  public long bufferBytes(AudioFormat input, int maxInputFrames) {
    long frames = (long) config.windowFrames(input.sampleRateHz())
        + config.holdFrames(input.sampleRateHz());
    return frames * input.channelCount() * Float.BYTES;
  }

  /** Returns hold + window - 1 + {@code inputFrames}: held audio may be released. */
  @Override
  public int maxOutputFrames(int inputFrames) {
    return holdFrames + windowFrames - 1 + inputFrames;
  }

  /** Returns hold + window - 1: held silence and a final partial window with sound. */
  @Override
  public int maxFlushFrames() {
    return holdFrames + windowFrames - 1;
  }

  /** Returns hold + window - 1 frames, the longest wait of a frame. */
  @Override
  public int latencyFrames() {
    return holdFrames + windowFrames - 1;
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    int channels = inputFormat().channelCount();
    int read = 0;
    int written = 0;
    while (read < inFrames) {
      int take = Math.min(windowFrames - windowFilled, inFrames - read);
      System.arraycopy(in, read * channels, window, windowFilled * channels, take * channels);
      windowFilled += take;
      read += take;
      if (windowFilled == windowFrames) {
        written = completeWindow(out, written);
        windowFilled = 0;
      }
    }
    return written;
  }

  private int completeWindow(float[] out, int written) {
    int channels = inputFormat().channelCount();
    boolean silent = detector.isSilent(window, 0, windowFrames * channels);
    if (!soundSeen) {
      if (silent) {
        return written; // leading silence
      }
      soundSeen = true;
      return emitWindow(out, written, windowFrames);
    }
    if (!silent) {
      written = releaseHold(out, written);
      return emitWindow(out, written, windowFrames);
    }
    if (holdFrames == 0) {
      return emitWindow(out, written, windowFrames);
    }
    if (holdCount == holdFrames) {
      // The hold is full: its oldest window leaves it, and is emitted.
      System.arraycopy(hold, holdStart * channels, out, written * channels,
          windowFrames * channels);
      written += windowFrames;
      holdStart = (holdStart + windowFrames) % holdFrames;
      holdCount -= windowFrames;
    }
    int end = (holdStart + holdCount) % holdFrames;
    System.arraycopy(window, 0, hold, end * channels, windowFrames * channels);
    holdCount += windowFrames;
    return written;
  }

  private int emitWindow(float[] out, int written, int frames) {
    int channels = inputFormat().channelCount();
    System.arraycopy(window, 0, out, written * channels, frames * channels);
    return written + frames;
  }

  private int releaseHold(float[] out, int written) {
    int channels = inputFormat().channelCount();
    int first = Math.min(holdCount, holdFrames - holdStart);
    System.arraycopy(hold, holdStart * channels, out, written * channels, first * channels);
    System.arraycopy(hold, 0, out, (written + first) * channels, (holdCount - first) * channels);
    written += holdCount;
    holdStart = 0;
    holdCount = 0;
    return written;
  }

  @Override
  protected int onFlush(float[] out) {
    int channels = inputFormat().channelCount();
    if (windowFilled == 0 || detector.isSilent(window, 0, windowFilled * channels)) {
      return 0; // trailing silence: the hold and the partial window are dropped
    }
    int written = releaseHold(out, 0);
    return emitWindow(out, written, windowFilled);
  }

  @Override
  protected void onReset() {
    windowFilled = 0;
    holdStart = 0;
    holdCount = 0;
    soundSeen = false;
  }
}
