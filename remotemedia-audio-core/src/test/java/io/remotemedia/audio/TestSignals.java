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

  /**
   * A vowel-like mono signal that a VAD takes for speech, silent outside frames [{@code from},
   * {@code to}): harmonics of 150 Hz up to 3.5 kHz shaped by formant resonances at 500, 1500
   * and 2500 Hz, amplitude-modulated at a syllable rate of 4 Hz (envelope 0.55 + 0.45 sin),
   * about -20 dBFS RMS.
   */
  public static float[] voicedBurst(int sampleRateHz, int frames, int from, int to) {
    float[] out = new float[frames];
    double[] formantsHz = {500, 1500, 2500};
    int harmonics = (int) (3500 / 150.0);
    double[] amplitude = new double[harmonics + 1];
    double power = 0;
    for (int h = 1; h <= harmonics; h++) {
      for (double formantHz : formantsHz) {
        amplitude[h] += 1 / (1 + Math.pow((150.0 * h - formantHz) / 120, 2));
      }
      power += amplitude[h] * amplitude[h] / 2;
    }
    double scale = 0.1 / Math.sqrt(power);
    for (int i = from; i < to; i++) {
      double t = (double) (i - from) / sampleRateHz;
      double s = 0;
      for (int h = 1; h <= harmonics; h++) {
        s += amplitude[h] * Math.sin(2 * Math.PI * 150 * h * t + h * h);
      }
      out[i] = (float) (scale * s * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t)));
    }
    return out;
  }
}
