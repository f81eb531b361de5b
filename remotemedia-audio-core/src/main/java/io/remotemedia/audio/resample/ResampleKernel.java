package io.remotemedia.audio.resample;

/**
 * The streaming core behind {@link ResampleNode}: one-stage ({@link PolyphaseResampler}) or
 * two-stage ({@link TwoStageResampler}). Interleaved float frames in and out; the node checks
 * the arguments. Not thread-safe; package-private.
 */
interface ResampleKernel {
  /** Consumes {@code frames} frames and writes every output frame now complete. */
  int process(float[] in, int frames, float[] out);

  /** Writes the rest of the stream, {@code round(inputFrames * L / M)} in all, and resets. */
  int finish(float[] out);

  void reset();

  long maxOutputFrames(int frames);

  long maxFinishFrames();

  /** Output frames held back, at most, until later input or {@link #finish} completes them. */
  int latencyFrames();

  long tableBytes();
}
