package io.remotemedia.pipeline.opus;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole Ogg Opus file ({@code .opus}, RFC 7845) and decodes it to 48 kHz float samples.
 *
 * <p>It checks every page's CRC, reads the {@code OpusHead} (channel mapping family 0: mono or
 * stereo) and {@code OpusTags} headers, decodes the audio packets, drops the pre-skip, trims
 * the end to the last page's granule position and applies the header's output gain. Chained
 * files (a second logical stream after the first) are not supported; pages of a multiplexed
 * stream beside the Opus one are skipped.
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
    OggPacketReader pages = new OggPacketReader(data);
    int[] length = new int[1];
    byte[] head = pages.next(length);
    if (head == null) {
      throw new OpusFormatException("not an Ogg Opus file: no Ogg pages", 0);
    }
    Header header = Header.parse(head, length[0], pages.pageOffset());
    byte[] tags = pages.next(length);
    if (tags == null || !startsWith(tags, length[0], "OpusTags")) {
      throw new OpusFormatException("Ogg Opus file has no OpusTags packet after OpusHead"
          + " (page 1 at byte " + pages.pageOffset() + ")", pages.pageOffset());
    }

    OpusPacketDecoder decoder = new OpusPacketDecoder(RATE_HZ, header.channels);
    int channels = header.channels;
    float[] samples = new float[Math.min(RATE_HZ * channels, maxSamples)];
    int frames = 0;
    int packets = 0;
    long lastGranule = -1;
    byte[] packet;
    while ((packet = pages.next(length)) != null) {
      long needed = (long) (frames + decoder.maxFramesPerPacket()) * channels;
      if (needed > maxSamples) {
        throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "Ogg Opus audio decodes to"
                + " more than the limit of " + maxSamples + " samples (stopped at audio packet "
                + packets + " on page " + pages.pageIndex() + ", at byte " + pages.pageOffset()
                + ", after " + frames + " frames of " + channels + " channels)")
            .limit(new LimitViolation(MAX_DECODED_SAMPLES_LIMIT, maxSamples, needed))
            .build();
      }
      if (needed > samples.length) {
        samples = Arrays.copyOf(samples, (int) Math.min(maxSamples,
            Math.max(needed, 2L * samples.length)));
      }
      try {
        frames += decoder.decode(packet, 0, length[0], samples, frames * channels);
      } catch (OpusFormatException e) {
        throw new OpusFormatException("Ogg Opus audio packet " + packets + " on page "
            + pages.pageIndex() + " (page at byte " + pages.pageOffset() + "): "
            + e.getMessage(), pages.pageOffset());
      }
      packets++;
      lastGranule = pages.granule();
    }
    // Decoded frame i has granule position i + 1: the last page's granule is where the audio
    // ends, counted, like the pre-skip, from the first decoded frame.
    int start = Math.min(header.preSkip, frames);
    int end = lastGranule >= 0 && lastGranule < frames
        ? (int) Math.max(start, lastGranule) : frames;
    float gain = (float) Math.pow(10, header.outputGainQ8 / (20.0 * 256));
    float[] trimmed = Arrays.copyOfRange(samples, start * channels, end * channels);
    if (header.outputGainQ8 != 0) {
      for (int i = 0; i < trimmed.length; i++) {
        trimmed[i] *= gain;
      }
    }
    // Concentus decodes to 16-bit PCM (as libopus's fixed-point build does): say so, so that
    // the samples leave a pipeline on the grid they came in on.
    AudioBuffer audio = AudioBuffer.of(new AudioFormat(RATE_HZ, channels,
        header.outputGainQ8 == 0 ? SampleFormat.I16 : SampleFormat.F32), trimmed);
    return new OggOpusAudio(audio, header.inputRateHz, header.preSkip, packets);
  }

  private static boolean startsWith(byte[] packet, int length, String magic) {
    if (length < magic.length()) {
      return false;
    }
    byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
    return Arrays.equals(packet, 0, expected.length, expected, 0, expected.length);
  }

  /** The OpusHead packet (RFC 7845 section 5.1). */
  private record Header(int channels, int preSkip, long inputRateHz, int outputGainQ8) {
    static Header parse(byte[] p, int length, int pageOffset) throws OpusFormatException {
      if (!startsWith(p, length, "OpusHead")) {
        throw new OpusFormatException("not an Ogg Opus file: the first packet (page 0 at byte "
            + pageOffset + ") does not start with \"OpusHead\"", pageOffset);
      }
      if (length < 19) {
        throw new OpusFormatException("OpusHead packet is " + length + " bytes; at least 19"
            + " are needed", pageOffset);
      }
      int version = p[8] & 0xFF;
      if (version >= 16) {
        throw new OpusFormatException("unsupported Ogg Opus version " + version + " (major "
            + (version >> 4) + "); only major version 0 is read", pageOffset);
      }
      int channels = p[9] & 0xFF;
      int preSkip = (p[10] & 0xFF) | (p[11] & 0xFF) << 8;
      long rate = (p[12] & 0xFF) | (p[13] & 0xFF) << 8 | (p[14] & 0xFF) << 16
          | (long) (p[15] & 0xFF) << 24;
      int gain = (short) ((p[16] & 0xFF) | (p[17] & 0xFF) << 8);
      int family = p[18] & 0xFF;
      if (family != 0) {
        throw new OpusFormatException("unsupported Ogg Opus channel mapping family " + family
            + " (" + channels + " channels); only family 0, mono or stereo, is read",
            pageOffset);
      }
      if (channels != 1 && channels != 2) {
        throw new OpusFormatException("OpusHead declares " + channels + " channels; mapping"
            + " family 0 allows 1 or 2", pageOffset);
      }
      return new Header(channels, preSkip, rate, gain);
    }
  }
}
