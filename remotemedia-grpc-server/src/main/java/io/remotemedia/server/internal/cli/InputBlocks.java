package io.remotemedia.server.internal.cli;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.wav.WavBlockReader;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.pipeline.opus.OggOpusBlockReader;
import java.io.Closeable;
import java.io.IOException;

/**
 * A single input file that {@link StreamedRun} reads block by block: a WAV file's samples, or
 * an Ogg Opus file's decoded ones.
 */
interface InputBlocks extends Closeable {
  /** {@return the samples' format} */
  AudioFormat format();

  /** {@return the encoding the file's samples came in, which outputs on its grid keep} */
  WavSampleEncoding encoding();

  /** Reads the next frames, as {@link WavBlockReader#read}; 0 at the end. */
  int read(float[] samples, int maxFrames) throws IOException;

  /** {@return the blocks of a WAV file} */
  static InputBlocks of(WavBlockReader wav) {
    return new InputBlocks() {
      @Override
      public AudioFormat format() {
        return wav.info().audioFormat();
      }

      @Override
      public WavSampleEncoding encoding() {
        return wav.info().encoding();
      }

      @Override
      public int read(float[] samples, int maxFrames) throws IOException {
        return wav.read(samples, maxFrames);
      }

      @Override
      public void close() throws IOException {
        wav.close();
      }
    };
  }

  /** {@return the decoded blocks of an Ogg Opus file: 16-bit PCM at 48 kHz, as Opus decodes} */
  static InputBlocks of(OggOpusBlockReader opus) {
    return new InputBlocks() {
      @Override
      public AudioFormat format() {
        return opus.format();
      }

      @Override
      public WavSampleEncoding encoding() {
        return WavSampleEncoding.PCM_S16;
      }

      @Override
      public int read(float[] samples, int maxFrames) throws IOException {
        return opus.read(samples, maxFrames);
      }

      @Override
      public void close() throws IOException {
        opus.close();
      }
    };
  }
}
