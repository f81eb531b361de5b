package io.remotemedia.server.internal.cli;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.wav.WavBlockReader;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.pipeline.opus.OggOpusBlockReader;
import io.remotemedia.pipeline.opus.OggOpusReader;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A single input file that {@link StreamedRun} reads block by block: a WAV file's samples, or
 * an Ogg Opus file's decoded ones.
 */
interface InputBlocks extends Closeable {
  /** WAV inputs larger than this, as 32-bit samples, are streamed: the SDK's own threshold. */
  long STREAM_ABOVE_BYTES = 16L << 20;

  /**
   * Opens a single input to stream it, if it is one to stream: a pipe, which can be read only
   * once; an Ogg Opus file, which does not say how long its audio is; or a WAV file whose data,
   * as 32-bit samples, is over {@link #STREAM_ABOVE_BYTES}.
   *
   * @return the open input, or null for a WAV file that a whole run holds
   * @throws UnusableFileException if it cannot be opened, naming it
   */
  static InputBlocks openToStream(Path file) throws UnusableFileException {
    if (RunFiles.isPipe(file)) {
      return openPipe(file);
    }
    try {
      if (FileKind.of(file) == FileKind.OGG_OPUS) {
        return of(new OggOpusReader().openBlocks(file));
      }
      WavBlockReader wav = new WavReader().openBlocks(file);
      OptionalLong frames = wav.declaredFrames();
      // A placeholder size (a streaming writer's) is a length not known: streamed.
      if (frames.isEmpty() || frames.getAsLong() * wav.info().channelCount() * Float.BYTES
          > STREAM_ABOVE_BYTES) {
        return of(wav);
      }
      wav.close();
      return null;
    } catch (IOException e) {
      throw RunFiles.cannotRead("--input", file, e);
    }
  }

  /**
   * Opens a pipe ({@code /dev/stdin}, a FIFO), which can be read only once: its first bytes are
   * looked at in the stream's buffer, and say whether it is WAV or Ogg Opus.
   *
   * @throws UnusableFileException if it cannot be read, or holds another format (named, with
   *     the commands that pipe WAV instead)
   */
  private static InputBlocks openPipe(Path pipe) throws UnusableFileException {
    InputStream in;
    try {
      in = new BufferedInputStream(new FileInputStream(pipe.toFile()), 64 * 1024);
    } catch (FileNotFoundException e) {
      throw RunFiles.cannotRead("--input", pipe, e);
    }
    try {
      in.mark(FileKind.SNIFF_BYTES);
      FileKind kind = FileKind.of(in.readNBytes(FileKind.SNIFF_BYTES));
      in.reset();
      if (kind == FileKind.OGG_OPUS) {
        return of(new OggOpusReader().openBlocks(in));
      }
      if (kind.isConvertibleAudio() || kind == FileKind.TEXT) {
        throw new UnusableFileException("--input " + pipe + ": this is " + kind.description()
            + ", not WAV or Ogg Opus; pipe WAV instead, for example: ffmpeg -i IN -f wav -"
            + "  (or: sox IN -t wav -)", null);
      }
      // WAV, or something unknown: the WAV reader's own message says what it expected.
      return of(new WavReader().openBlocks(in));
    } catch (IOException e) {
      closeQuietly(in);
      throw RunFiles.cannotRead("--input", pipe, e);
    } catch (UnusableFileException | RuntimeException e) {
      closeQuietly(in);
      throw e;
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // The open's own error is the one to report.
    }
  }

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
