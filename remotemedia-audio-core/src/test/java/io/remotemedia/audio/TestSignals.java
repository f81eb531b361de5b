package io.remotemedia.audio;

import java.util.Random;

/**
 * Synthetic test signals shared by the DSP tests: sines, two-tones, sweeps, impulses, silence
 * and noise. Every signal is interleaved; multichannel variants put the same or a phase-shifted
 * signal on each channel as documented per method.
 */
public final class TestSignals {
  private TestSignals() {}

  /** A mono sine of {@code amplitude} at {@code frequencyHz}, starting at phase 0. */
  public static float[] sine(double frequencyHz, double amplitude, int sampleRateHz, int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / sampleRateHz));
    }
    return out;
  }

  /** A mono sine, computed in double precision, for reference comparisons. */
  public static double[] sineDouble(
      double frequencyHz, double amplitude, int sampleRateHz, int frames) {
    double[] out = new double[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = amplitude * Math.sin(2 * Math.PI * frequencyHz * i / sampleRateHz);
    }
    return out;
  }

  /** Two sines of equal {@code amplitude} each, summed. */
  public static float[] twoTone(
      double f1Hz, double f2Hz, double amplitude, int sampleRateHz, int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      double t = (double) i / sampleRateHz;
      out[i] = (float) (amplitude * (Math.sin(2 * Math.PI * f1Hz * t)
          + Math.sin(2 * Math.PI * f2Hz * t)));
    }
    return out;
  }

  /** An exponential sine sweep from {@code startHz} to {@code endHz} over {@code frames}. */
  public static float[] sweep(
      double startHz, double endHz, double amplitude, int sampleRateHz, int frames) {
    float[] out = new float[frames];
    double duration = (double) frames / sampleRateHz;
    double k = Math.log(endHz / startHz);
    for (int i = 0; i < frames; i++) {
      double t = (double) i / sampleRateHz;
      double phase = 2 * Math.PI * startHz * duration / k * (Math.exp(t / duration * k) - 1);
      out[i] = (float) (amplitude * Math.sin(phase));
    }
    return out;
  }

  /** A mono unit impulse at frame {@code position}. */
  public static float[] impulse(int frames, int position) {
    float[] out = new float[frames];
    out[position] = 1f;
    return out;
  }

  /** {@code frames} frames of silence with {@code channels} channels. */
  public static float[] silence(int frames, int channels) {
    return new float[frames * channels];
  }

  /** Uniform white noise in [-amplitude, amplitude], reproducible from {@code seed}. */
  public static float[] whiteNoise(int samples, double amplitude, long seed) {
    Random random = new Random(seed);
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (float) (amplitude * (2 * random.nextDouble() - 1));
    }
    return out;
  }

  /** Interleaves mono signals of equal length into one multichannel signal. */
  public static float[] interleave(float[]... channels) {
    int frames = channels[0].length;
    float[] out = new float[frames * channels.length];
    for (int c = 0; c < channels.length; c++) {
      if (channels[c].length != frames) {
        throw new IllegalArgumentException("channel " + c + " has " + channels[c].length
            + " frames, channel 0 has " + frames);
      }
      for (int i = 0; i < frames; i++) {
        out[i * channels.length + c] = channels[c][i];
      }
    }
    return out;
  }

  /** Extracts one channel of an interleaved signal. */
  public static float[] channel(float[] interleaved, int channels, int channel) {
    float[] out = new float[interleaved.length / channels];
    for (int i = 0; i < out.length; i++) {
      out[i] = interleaved[i * channels + channel];
    }
    return out;
  }
}
