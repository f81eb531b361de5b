package io.remotemedia.audio.vad;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.List;
import java.util.Objects;

/**
 * Voice activity detection: finds the speech in a stream, reports it as segments and events,
 * and optionally gates the audio to the speech alone.
 *
 * <p><b>Input.</b> 8, 16, 32 or 48 kHz, any channel count (channels are averaged to mono for
 * the detector). 32 and 48 kHz are decimated internally to 16 kHz with a linear-phase FIR;
 * 8 kHz input is analysed at 8 kHz (so without the 4 to 8 kHz band). Other rates are refused.
 *
 * <p><b>Detector.</b> Every 10 ms it estimates a speech probability from 40 ms of signal:
 * a per-bin noise spectrum tracked by minimum statistics, the mean speech/noise log likelihood
 * ratio over 100 Hz to 7.2 kHz, the band SNR, the periodicity in the 62.5 to 400 Hz pitch
 * range of the noise-whitened spectrum, the band level relative to the talker's recent peak,
 * and how much the spectral shape moved over the last 400 ms, combined by a small logistic
 * model. A frame of
 * {@code frame_ms} is speech when its mean probability exceeds the {@link VadMode}'s start
 * threshold, or its lower continue threshold right after a speech frame.
 * Frames then become segments by the rules in {@link VadConfig} (min speech, min silence,
 * padding). Segment times are in ms from the start of the stream.
 *
 * <p><b>Outputs.</b>
 *
 * <ul>
 *   <li>Audio: with {@code gate == false} the input passes through unchanged, no latency.
 *       With {@code gate == true} {@link #process} returns only the frames inside segments,
 *       concatenated (all channels kept), each released as soon as its membership is decided;
 *       {@link #latencyFrames} is the longest such hold. The output is identical for any
 *       chunking, and equals the input cut to {@link #segments()} (in samples: {@code startMs
 *       * rate / 1000} to {@code endMs * rate / 1000}).
 *   <li>{@link #segments()}: every completed segment of the stream so far.
 *   <li>{@link #pollEvents}: SPEECH_START and SPEECH_END events as they are decided, from a
 *       bounded ring (oldest dropped and counted when nobody polls).
 * </ul>
 *
 * After {@link #flush} the segments and unpolled events of the finished stream stay readable
 * until {@link #reset} (or {@code configure}) starts a new stream.
 *
 * <pre>{@code
 * VadNode vad = new VadNode(VadConfig.defaults().withGate(true));
 * vad.configure(AudioFormat.f32(16000, 1), 320);
 * VadEvent[] events = {new VadEvent(), new VadEvent(), new VadEvent(), new VadEvent()};
 * float[] out = new float[vad.maxOutputFrames(320)];
 * int speechFrames = vad.process(chunk, 320, out);   // only speech comes out
 * int n = vad.pollEvents(events);                    // SPEECH_START / SPEECH_END so far
 * }</pre>
 *
 * <p>{@code process} and {@code flush} allocate nothing, except that the segment history
 * doubles its arrays when it fills (amortized, one long pair per segment). One instance per
 * stream; not thread-safe.
 */
public final class VadNode extends AbstractAudioNode {
  private final VadConfig config;
  private int channels;
  private int samplesPerMs;
  private int hopIn;
  private int hopsPerFrame;
  private Decimator decimator;
  private VadKernel kernel;
  private Segmenter segmenter;
  private float[] hopBuffer;
  private int hopFill;
  private int inHop;
  private int hopInFrame;
  private float probabilitySum;
  private float lastProbability;
  private long totalFrames;

  private float[] ring;
  private int ringFrames;
  private long decidedFrame;

  /**
   * Creates a node with {@code config}.
   *
   * @param config the mode, frame length, durations and gate; not null
   */
  public VadNode(VadConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {@return the configuration} */
  public VadConfig config() {
    return config;
  }

  /**
   * Accepts 8000, 16000, 32000 or 48000 Hz with any channel count and returns the same format.
   *
   * @throws UnsupportedFormatException for any other sample rate
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    int rate = input.sampleRateHz();
    int factor;
    int internalRate;
    switch (rate) {
      case 8000 -> {
        factor = 1;
        internalRate = 8000;
      }
      case 16000 -> {
        factor = 1;
        internalRate = 16000;
      }
      case 32000 -> {
        factor = 2;
        internalRate = 16000;
      }
      case 48000 -> {
        factor = 3;
        internalRate = 16000;
      }
      default -> throw new UnsupportedFormatException(input,
          "VAD supports 8000, 16000, 32000 and 48000 Hz, was " + rate + " Hz");
    }
    channels = input.channelCount();
    samplesPerMs = rate / 1000;
    hopIn = rate / 100;
    hopsPerFrame = config.frameMs() / 10;
    decimator = new Decimator(factor, channels);
    kernel = new VadKernel(internalRate);
    hopBuffer = new float[kernel.hopSamples];
    segmenter = new Segmenter(config.frameMs(), config.minSpeechMs(), config.minSilenceMs(),
        config.paddingMs(), eventCapacity(maxInputFrames, samplesPerMs));
    ringFrames = gateFrames(samplesPerMs);
    ring = config.gate() ? new float[ringFrames * channels] : null;
    return input;
  }

  /** Returns the gate's ring (audio waiting for its decision) and the segment event queue. */
  @Override
  public long bufferBytes(AudioFormat input, int maxInputFrames) {
    int perMs = Math.max(1, input.sampleRateHz() / 1000);
    return (long) gateFrames(perMs) * input.channelCount() * Float.BYTES
        + Segmenter.eventBytes(eventCapacity(maxInputFrames, perMs));
  }

  /** Segment starts and ends one chunk of {@code maxInputFrames} can produce, with room. */
  private int eventCapacity(int maxInputFrames, int perMs) {
    int frameSamples = config.frameMs() * perMs;
    return Math.max(16, 2 * (maxInputFrames / frameSamples + 2));
  }

  /** Frames the gate holds back: the longest pending decision and two frames; 0 without it. */
  private int gateFrames(int perMs) {
    if (!config.gate()) {
      return 0;
    }
    return (int) ((pendingMs() + 2L * config.frameMs()) * perMs);
  }

  /** The longest a segment decision stays pending behind the newest frame, in ms. */
  private long pendingMs() {
    return Segmenter.maxPendingMs(config.frameMs(), config.minSpeechMs(), config.minSilenceMs(),
        config.paddingMs());
  }

  @Override
  public int maxOutputFrames(int inputFrames) {
    return config.gate() ? inputFrames + ringFrames : inputFrames;
  }

  @Override
  public int maxFlushFrames() {
    return config.gate() ? ringFrames : 0;
  }

  /**
   * Returns 0 without gating. With gating, the longest time a frame can be held before it is
   * released or dropped, in input frames: {@code padding_ms + (ceil(min_speech_ms / frame_ms)
   * + ceil(max(min_silence_ms, padding_ms) / frame_ms) + 2) * frame_ms}, converted to frames.
   * Speech is released as soon as it is decided, usually much sooner.
   */
  @Override
  public int latencyFrames() {
    return config.gate() ? (int) (pendingMs() * samplesPerMs) : 0;
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    if (!config.gate()) {
      System.arraycopy(in, 0, out, 0, inFrames * channels);
    }
    int written = 0;
    int pos = 0;
    while (pos < inFrames) {
      int n = Math.min(inFrames - pos, hopIn - inHop);
      if (ring != null) {
        writeRing(in, pos, n);
      }
      hopFill += decimator.process(in, pos, n, hopBuffer, hopFill);
      inHop += n;
      totalFrames += n;
      pos += n;
      if (inHop == hopIn) {
        inHop = 0;
        hopFill = 0;
        probabilitySum += kernel.hop(hopBuffer, 0);
        if (++hopInFrame == hopsPerFrame) {
          lastProbability = probabilitySum / hopsPerFrame;
          segmenter.onProbability(lastProbability, config.mode());
          hopInFrame = 0;
          probabilitySum = 0f;
          if (ring != null) {
            written += release(out, written);
          }
        }
      }
    }
    return config.gate() ? written : inFrames;
  }

  @Override
  protected int onFlush(float[] out) {
    segmenter.finish(totalFrames / samplesPerMs);
    return ring != null ? release(out, 0) : 0;
  }

  @Override
  protected void onReset() {
    segmenter.reset();
    decimator.reset();
    kernel.reset();
    hopFill = 0;
    inHop = 0;
    hopInFrame = 0;
    probabilitySum = 0f;
    lastProbability = 0f;
    totalFrames = 0;
    decidedFrame = 0;
  }

  /**
   * {@return the completed segments of the current stream (or, after {@link #flush}, of the
   * stream just finished), in order} A segment appears once it has ended. Allocates the list.
   */
  public List<SpeechSegment> segments() {
    return segmenter.segments();
  }

  /** {@return how many segments {@link #segments()} would return, without allocating} */
  public int segmentCount() {
    return segmenter.segmentCount();
  }

  /**
   * Moves up to {@code into.length} pending events, oldest first, into the holders of {@code
   * into} and returns how many were written. Allocation-free. Events not polled stay pending;
   * the ring holds at least 16 and at least twice the frames of the largest chunk, and drops
   * the oldest when full (see {@link #droppedEventCount()}).
   *
   * @param into reusable holders, each non-null
   * @return the number of holders filled, from index 0; 0 when no event is pending
   */
  public int pollEvents(VadEvent[] into) {
    return segmenter.pollEvents(into);
  }

  /** {@return how many events wait to be polled} */
  public int pendingEventCount() {
    return segmenter.pendingEvents();
  }

  /** {@return how many events were dropped because the ring was full, since the stream began} */
  public long droppedEventCount() {
    return segmenter.droppedEvents();
  }

  /** {@return the speech probability of the latest frame, in [0, 1]} */
  public float lastSpeechProbability() {
    return lastProbability;
  }

  private void writeRing(float[] in, int offset, int frames) {
    int at = (int) (totalFrames % ringFrames);
    int first = Math.min(frames, ringFrames - at);
    System.arraycopy(in, offset * channels, ring, at * channels, first * channels);
    if (first < frames) {
      System.arraycopy(in, (offset + first) * channels, ring, 0, (frames - first) * channels);
    }
  }

  /** Releases the decided frames that lie inside segments into {@code out}. */
  private int release(float[] out, int outFrame) {
    long until = Math.min(segmenter.frontierMs() * samplesPerMs, totalFrames);
    int written = 0;
    long lastStart = segmenter.lastStartMs() * samplesPerMs;
    long lastEnd = segmenter.lastEndMs() * samplesPerMs;
    if (segmenter.lastStartMs() >= 0) {
      written += copyRange(Math.max(decidedFrame, lastStart), Math.min(until, lastEnd), out,
          outFrame + written);
    }
    long openStart = segmenter.openStartMs();
    if (openStart >= 0) {
      written += copyRange(Math.max(decidedFrame, openStart * samplesPerMs), until, out,
          outFrame + written);
    }
    decidedFrame = Math.max(decidedFrame, until);
    return written;
  }

  private int copyRange(long from, long to, float[] out, int outFrame) {
    if (to <= from) {
      return 0;
    }
    int frames = (int) (to - from);
    int at = (int) (from % ringFrames);
    int first = Math.min(frames, ringFrames - at);
    System.arraycopy(ring, at * channels, out, outFrame * channels, first * channels);
    if (first < frames) {
      System.arraycopy(ring, 0, out, (outFrame + first) * channels, (frames - first) * channels);
    }
    return frames;
  }
}
