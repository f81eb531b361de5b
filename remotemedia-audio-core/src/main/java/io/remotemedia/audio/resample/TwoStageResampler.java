package io.remotemedia.audio.resample;

/**
 * Downsampling by a factor of 2 or more in two stages, the way soxr does it: a short polyphase
 * filter takes the input to twice the output rate, then {@link FftDecimator} applies the sharp
 * band-limiting filter by FFT and halves the rate.
 *
 * <p>Stage 1 (rate {@code in → 2·out}) only has to keep aliases out of the final band {@code
 * [0, out/2]}: its passband ends at {@code out/2} and its stopband starts at {@code 1.5·out},
 * a transition as wide as the output rate, so it needs few taps. Whatever it lets through above
 * {@code out/2} is removed by stage 2, which has the quality's transition and attenuation. Both
 * stages are zero-phase, so the output lines up with the input as in the one-stage design, and
 * the stream's length is still {@code round(inputFrames · out / in)}: stage 1 runs on (reading
 * zeros past the end) until stage 2 has all it needs for the last output frame.
 *
 * <p>Not thread-safe; package-private kernel.
 */
final class TwoStageResampler implements ResampleKernel {
  private final PolyphaseResampler first;
  private final FftDecimator second;
  private final long upFactor;
  private final long downFactor;
  private final long tableBytes;
  private long emitted;

  TwoStageResampler(int inputRateHz, int outputRateHz, ResampleQuality quality, int channels,
      int maxInputFrames) {
    PolyphaseFilter stage1 = firstStage(inputRateHz, outputRateHz, quality);
    PolyphaseFilter stage2 = secondStage(outputRateHz, quality);
    this.first = new PolyphaseResampler(stage1, channels, maxInputFrames);
    this.second = new FftDecimator(stage2, channels,
        (int) first.maxOutputFrames(first.blockFrames()) + 16);
    int gcd = PolyphaseFilter.gcd(inputRateHz, outputRateHz);
    this.upFactor = outputRateHz / gcd;
    this.downFactor = inputRateHz / gcd;
    this.tableBytes = first.tableBytes() + stage2.tableBytes();
  }

  /**
   * The bytes an instance of these arguments keeps: both stages' buffers and tables (see
   * {@link PolyphaseResampler#bufferBytes}), and the second stage's filter.
   */
  static long bufferBytes(int inputRateHz, int outputRateHz, ResampleQuality quality,
      int channels, int maxInputFrames) {
    PolyphaseFilter stage1 = firstStage(inputRateHz, outputRateHz, quality);
    PolyphaseFilter stage2 = secondStage(outputRateHz, quality);
    long middleFrames = PolyphaseResampler.maxOutputFrames(stage1,
        PolyphaseResampler.blockFramesFor(maxInputFrames)) + 16;
    return PolyphaseResampler.bufferBytes(stage1, channels, maxInputFrames)
        + FftDecimator.bufferBytes(stage2, channels, middleFrames) + stage2.tableBytes();
  }

  /** From the input rate to twice the output rate. */
  private static PolyphaseFilter firstStage(int inputRateHz, int outputRateHz,
      ResampleQuality quality) {
    // Stopband from 1.5·out (what would alias into [0, out/2] at 2·out). The design passband
    // edge sits at 0.375·out, below the final band's edge, because the start of a Kaiser
    // transition is nearly flat: at `high` the response is -0.0006 dB at 0.45·out and -0.004 dB
    // at out/2 (where stage 2 already rejects), and the wider transition saves 4 of 28 taps.
    return PolyphaseFilter.designed(inputRateHz, 2 * outputRateHz,
        /* cutoffHz= */ 0.9375 * outputRateHz, /* transitionHz= */ 1.125 * outputRateHz,
        quality.stopbandAttenuationDb());
  }

  /** From twice the output rate to the output rate, by the FFT decimator. */
  private static PolyphaseFilter secondStage(int outputRateHz, ResampleQuality quality) {
    return PolyphaseFilter.forQuality(2 * outputRateHz, outputRateHz, quality);
  }

  /** True when this design applies: the output rate is at most half the input rate. */
  static boolean suits(int inputRateHz, int outputRateHz) {
    return inputRateHz >= 2 * outputRateHz;
  }

  @Override
  public int process(float[] in, int frames, float[] out) {
    int written = 0;
    for (int from = 0; from < frames; ) {
      int block = Math.min(first.blockFrames(), frames - from);
      first.append(in, from, block);
      from += block;
      while (true) {
        int free = second.free();
        int n = first.produce(second.inputArrays(), second.writeOffset(), free);
        second.commit(n);
        written += second.drain(out, written, Long.MAX_VALUE);
        if (n < free) {
          break;
        }
      }
    }
    emitted += written;
    return written;
  }

  @Override
  public int finish(float[] out) {
    long total = (2 * first.inputFrames() * upFactor + downFactor) / (2 * downFactor);
    long needed = second.inputNeededFor(total);
    int written = 0;
    while (emitted + written < total) {
      if (first.outputFrames() < needed) {
        first.padForNextOutput();
        int free = second.free();
        int n = first.produce(second.inputArrays(), second.writeOffset(),
            Math.min(free, needed - first.outputFrames()));
        second.commit(n);
      }
      written += second.drain(out, written, total - emitted - written);
    }
    reset();
    return written;
  }

  @Override
  public void reset() {
    first.reset();
    second.reset();
    emitted = 0;
  }

  @Override
  public long maxOutputFrames(int frames) {
    return (first.maxOutputFrames(frames) + 1) / 2 + second.framesPerBlock() + 1;
  }

  @Override
  public long maxFinishFrames() {
    return (first.maxFinishFrames() + second.heldBackInputFrames()) / 2 + 4;
  }

  @Override
  public int latencyFrames() {
    return (first.latencyFrames() + second.heldBackInputFrames() + 1) / 2;
  }

  @Override
  public long tableBytes() {
    return tableBytes;
  }
}
