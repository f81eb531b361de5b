package io.remotemedia.pipeline.opus;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.PipelineException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole Ogg Opus file ({@code .opus}, RFC 7845) and decodes it to 48 kHz float samples.
 *
 * <p>It checks every page's CRC, reads the {@code OpusHead} (channel mapping family 0: mono or
 * stereo) and {@code OpusTags} headers, decodes the audio packets, drops the pre-skip, trims
 * the end to the last page's granule position and applies the header's output gain. Chained
 * files (a second logical stream after the first) are refused, naming the byte where the second
 * begins; pages of a multiplexed stream beside the Opus one are skipped.
 *
 * <pre>{@code
 * OggOpusAudio opus = new OggOpusReader().read(Path.of("speech.opus"));
 * AudioBuffer audio = opus.audio(); // 48 kHz
 * }</pre>
 *
 * <p>Memory is bounded by {@code maxFileBytes} for the file and by {@code maxSamples} for the
 * decoded audio: Opus expands a lot (a 2-byte packet may stand for 120 ms of concealed audio, so
 * 300 KB of Ogg pages could decode to 2 GB of samples), and the reader stops at the bound
 * before it allocates past it. Immutable and thread-safe; each call reads independently.
 */
public final class OggOpusReader {
  /** The default limit on a file, in bytes: 64 MiB (hours of speech). */
  public static final int DEFAULT_MAX_FILE_BYTES = 64 << 20;

  private static final int RATE_HZ = 48000;

  /** How {@link io.remotemedia.pipeline.LimitViolation} names the bound on decoded samples. */
  public static final String MAX_DECODED_SAMPLES_LIMIT = "max_decoded_samples";

  /** The default limit on the decoded audio, in samples: the most one Java array holds. */
  public static final int DEFAULT_MAX_SAMPLES = Integer.MAX_VALUE - 8;

  private final int maxFileBytes;
  private final int maxSamples;

  /** A reader with {@link #DEFAULT_MAX_FILE_BYTES} and {@link #DEFAULT_MAX_SAMPLES}. */
  public OggOpusReader() {
    this(DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * A reader that refuses files larger than {@code maxFileBytes}.
   *
   * @param maxFileBytes the largest file accepted, in bytes
   * @throws IllegalArgumentException if the limit is negative
   */
  public OggOpusReader(int maxFileBytes) {
    this(maxFileBytes, DEFAULT_MAX_SAMPLES);
  }

  /**
   * A reader that refuses files larger than {@code maxFileBytes}, and files whose audio
   * decodes to more than {@code maxSamples} samples (frames x channels).
   *
   * @param maxFileBytes the largest file accepted, in bytes
   * @param maxSamples the most decoded samples accepted
   * @throws IllegalArgumentException if a limit is negative, or {@code maxSamples} is over
   *     {@link #DEFAULT_MAX_SAMPLES}
   */
  public OggOpusReader(int maxFileBytes, int maxSamples) {
    if (maxFileBytes < 0) {
      throw new IllegalArgumentException("maxFileBytes must be >= 0, was " + maxFileBytes);
    }
    if (maxSamples < 0 || maxSamples > DEFAULT_MAX_SAMPLES) {
      throw new IllegalArgumentException("maxSamples must be in [0, " + DEFAULT_MAX_SAMPLES
          + "], was " + maxSamples);
    }
    this.maxFileBytes = maxFileBytes;
    this.maxSamples = maxSamples;
  }

  /**
   * Reads and decodes a file.
   *
   * @param file the {@code .opus} file
   * @return the decoded audio and what the header says
   * @throws OpusFormatException if the file is not Ogg Opus, is damaged or is too large; the
   *     message names the problem, the page and the byte offset
   * @throws IOException if the file cannot be read
   */
  public OggOpusAudio read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /**
   * Reads and decodes a stream to its end. The caller closes it.
   *
   * @param in the Ogg Opus bytes
   * @return the decoded audio and what the header says
   * @throws OpusFormatException if the bytes are not Ogg Opus, are damaged or are too many
   * @throws IOException if the stream fails
   */
  public OggOpusAudio read(InputStream in) throws IOException {
    byte[] data = in.readNBytes(maxFileBytes);
    if (in.read() >= 0) {
      throw new OpusFormatException("Ogg Opus input is larger than the limit of "
          + maxFileBytes + " bytes", maxFileBytes);
    }
    return decode(data);
  }

  /**
   * Opens a file for decoding block by block, however long it is: neither the file nor its
   * audio is held whole, so the file limit bounds only each Ogg packet (a packet continued
   * page after page is held whole), and no limit applies to the decoded samples unless this
   * reader was given one. A pipe ({@code /dev/stdin}) is read once from its start.
   *
   * <pre>{@code
   * try (OggOpusBlockReader opus = new OggOpusReader().openBlocks(Path.of("talk.opus"))) {
   *   float[] block = new float[4800 * opus.format().channelCount()];
   *   for (int frames; (frames = opus.read(block, 4800)) > 0; ) { ... }
   * }
   * }</pre>
   *
   * @param file the {@code .opus} file
   * @return the open reader, past the headers; close it to close the file
   * @throws OpusFormatException if the file does not start with Ogg Opus headers
   * @throws IOException if the file cannot be read
   */
  public OggOpusBlockReader openBlocks(Path file) throws IOException {
    InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()), 64 * 1024);
    try {
      return openBlocks(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Opens a stream of Ogg Opus bytes, such as a pipe, for decoding block by block, as {@link
   * #openBlocks(Path)} does a file.
   *
   * @param in the stream, at its first page; buffer it, the reader reads it in small pieces.
   *     Closing the returned reader closes it; if the headers are refused, it is left open
   * @return the open reader, past the headers
   * @throws OpusFormatException if the stream does not start with Ogg Opus headers
   * @throws IOException if the stream fails
   */
  public OggOpusBlockReader openBlocks(InputStream in) throws IOException {
    return OggOpusBlockReader.open(in,
        maxSamples == DEFAULT_MAX_SAMPLES ? Long.MAX_VALUE : maxSamples, maxFileBytes);
  }

  /**
   * Decodes an Ogg Opus file held in memory.
   *
   * @param data the file's bytes; not kept
   * @return the decoded audio and what the header says
   * @throws OpusFormatException if the bytes are not Ogg Opus or are damaged
   * @throws PipelineException RESOURCE_LIMIT ({@value #MAX_DECODED_SAMPLES_LIMIT}) if they
   *     decode to more than the reader's limit of samples; refused before it is allocated
   */
  public OggOpusAudio decode(byte[] data) throws OpusFormatException {
    if (data.length > maxFileBytes) {
      throw new OpusFormatException("Ogg Opus input of " + data.length
          + " bytes is larger than the limit of " + maxFileBytes + " bytes", maxFileBytes);
    }
    try (OggOpusBlockReader blocks =
        OggOpusBlockReader.open(new ByteArrayInputStream(data), maxSamples, maxFileBytes)) {
      int channels = blocks.format().channelCount();
      // The decoder refuses to go past maxSamples, so the array never has to either.
      int capacity = maxSamples / channels;
      float[] samples = new float[Math.min(RATE_HZ, capacity) * channels];
      int frames = 0;
      while (true) {
        if (frames * channels == samples.length) {
          if (frames == capacity) {
            // Full: the decoder refuses to decode past the limit, or the audio ends here.
            if (blocks.read(new float[channels], 0, 1) > 0) {
              throw new IllegalStateException("decoded past the limit of " + maxSamples);
            }
            break;
          }
          samples = Arrays.copyOf(samples,
              (int) Math.min(capacity, Math.max(1, 2L * frames)) * channels);
        }
        int got = blocks.read(samples, frames, samples.length / channels - frames);
        if (got == 0) {
          break;
        }
        frames += got;
      }
      AudioBuffer audio = AudioBuffer.of(blocks.format(), Arrays.copyOf(samples,
          frames * channels));
      return new OggOpusAudio(audio, blocks.inputSampleRateHz(), blocks.preSkipFrames(),
          blocks.packetCount());
    } catch (OpusFormatException e) {
      throw e;
    } catch (IOException e) {
      // A byte array does not fail to read; closing it does nothing.
      throw new UncheckedIOException(e);
    }
  }
}
