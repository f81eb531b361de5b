package io.remotemedia.audio.wav;

import io.remotemedia.audio.AudioFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole WAV file into float samples.
 *
 * <p>Supported: PCM 8 (unsigned), 16, 24 and 32-bit; IEEE float 32 and 64-bit; G.711 A-law
 * and μ-law (8-bit); plain ({@code WAVE_FORMAT_PCM}, {@code WAVE_FORMAT_IEEE_FLOAT}, {@code
 * WAVE_FORMAT_ALAW}, {@code WAVE_FORMAT_MULAW}) and {@code WAVE_FORMAT_EXTENSIBLE} headers with
 * one of those as sub-format; 1 to {@value AudioFormat#MAX_CHANNELS} channels; 1 Hz to
 * {@value AudioFormat#MAX_SAMPLE_RATE_HZ} Hz. Chunks other than {@code fmt } and {@code data}
 * ({@code LIST}, {@code fact}, {@code bext}, {@code JUNK}...) are skipped, honouring the pad byte
 * after odd-sized chunks. Reading stops at the end of the data chunk. See {@link
 * WavSampleCodec} for the float conversion.
 *
 * <p>Lenient where a field is redundant: the RIFF size and the fmt byte rate are not checked
 * (streaming writers often leave them wrong), and a data chunk whose size is not a whole
 * number of frames loses its last partial frame. Strict where a guess would corrupt audio: the
 * block align must match the channels and bits, the data chunk must come after the fmt chunk
 * and hold as many bytes as its header says.
 *
 * <p>Memory is bounded: a data chunk larger than {@code maxDataBytes} is refused before
 * anything is allocated, and the sample array grows with the bytes actually read, never
 * ahead of them on the header's word. The decoded floats take {@code 4 / bytesPerSample} times
 * the data size (4 times for 8-bit files).
 *
 * <pre>{@code
 * WavAudio wav = new WavReader().read(Path.of("speech.wav"));
 * AudioBuffer audio = wav.toAudioBuffer(); // 16-bit file: I16 grid, values in [-1, 1)
 * }</pre>
 *
 * <p>Immutable and thread-safe; each call reads independently.
 */
public final class WavReader {
  /** The default limit on the data chunk, in bytes: 256 MiB. */
  public static final long DEFAULT_MAX_DATA_BYTES = 256L << 20;

  /** Refuses files with more chunks than this before the data, so garbage cannot spin. */
  static final int MAX_CHUNKS = 4096;

  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_IEEE_FLOAT = 0x0003;
  private static final int FORMAT_A_LAW = 0x0006;
  private static final int FORMAT_MU_LAW = 0x0007;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
  private static final int READ_BLOCK_BYTES = 64 * 1024;
  /** Bytes 2..15 of KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT; bytes 0..1 hold the tag. */
  private static final byte[] SUBFORMAT_GUID_TAIL = {
      0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
      0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

  private final long maxDataBytes;

  /** A reader with {@link #DEFAULT_MAX_DATA_BYTES}. */
  public WavReader() {
    this(DEFAULT_MAX_DATA_BYTES);
  }

  /**
   * A reader that refuses data chunks larger than {@code maxDataBytes}.
   *
   * @param maxDataBytes the largest data chunk to accept, in bytes; 0 or more
   * @throws IllegalArgumentException if the limit is negative
   */
  public WavReader(long maxDataBytes) {
    if (maxDataBytes < 0) {
      throw new IllegalArgumentException("maxDataBytes must be >= 0, was " + maxDataBytes);
    }
    this.maxDataBytes = maxDataBytes;
  }

  /** {@return the largest data chunk this reader accepts, in bytes} */
  public long maxDataBytes() {
    return maxDataBytes;
  }

  /**
   * Reads and decodes a WAV file.
   *
   * @param file the WAV file to read
   * @return the header and the decoded samples, in [-1, 1]
   * @throws WavFormatException if the file is not a WAV file, is truncated, is unsupported or
   *     its data chunk exceeds the limit; the message names the problem and its byte offset
   * @throws IOException if the file cannot be read
   */
  public WavAudio read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 16 * 1024)) {
      return read(in);
    }
  }

  /**
   * Reads and decodes a WAV stream up to the end of its data chunk. The caller closes the
   * stream; bytes after the data chunk are left unread.
   *
   * @param in the stream, positioned at the RIFF header; not closed
   * @return the header and the decoded samples, in [-1, 1]
   * @throws WavFormatException if the bytes are not a WAV file, are truncated, are unsupported
   *     or the data chunk exceeds the limit; the message names the problem and its byte offset
   * @throws IOException if the stream fails
   */
  public WavAudio read(InputStream in) throws IOException {
    Cursor cursor = new Cursor(in);
    readRiffHeader(cursor);
    Format format = null;
    byte[] chunkHeader = new byte[8];
    for (int chunks = 0; ; chunks++) {
      long chunkOffset = cursor.offset;
      int got = cursor.read(chunkHeader, 0, 8);
      if (got == 0) {
        throw new WavFormatException("no " + (format == null ? "fmt" : "data")
            + " chunk: the file ends at byte " + chunkOffset, chunkOffset);
      }
      if (got < 8) {
        throw new WavFormatException("truncated chunk header at byte " + chunkOffset
            + ": 8 bytes needed, the file ends after " + got, chunkOffset);
      }
      if (chunks >= MAX_CHUNKS) {
        throw new WavFormatException("more than " + MAX_CHUNKS
            + " chunks before the data chunk at byte " + chunkOffset, chunkOffset);
      }
      String id = chunkId(chunkHeader, chunkOffset);
      long size = u32(chunkHeader, 4);
      switch (id) {
        case "fmt " -> {
          if (format != null) {
            throw new WavFormatException("second fmt chunk at byte " + chunkOffset, chunkOffset);
          }
          format = readFormat(cursor, chunkOffset, size);
        }
        case "data" -> {
          if (format == null) {
            throw new WavFormatException("data chunk at byte " + chunkOffset
                + " comes before the fmt chunk", chunkOffset);
          }
          return readData(cursor, chunkOffset, size, format);
        }
        default -> skip(cursor, chunkOffset, id, size + (size & 1));
      }
    }
  }

  private static void readRiffHeader(Cursor cursor) throws IOException {
    byte[] header = new byte[12];
    int got = cursor.read(header, 0, 12);
    if (got == 0) {
      throw new WavFormatException("not a WAV file: the input is empty", 0);
    }
    String riff = printable(header, 0, Math.min(4, got));
    if (got >= 4 && riff.equals("RIFX")) {
      throw new WavFormatException(
          "unsupported big-endian RIFX file; only little-endian RIFF WAV files are read", 0);
    }
    if (got >= 4 && riff.equals("RF64")) {
      throw new WavFormatException("unsupported RF64 (64-bit WAV) file; only RIFF is read", 0);
    }
    if (got < 4 || !riff.equals("RIFF")) {
      throw new WavFormatException(
          "not a WAV file: expected \"RIFF\" at byte 0, found \"" + riff + "\"", 0);
    }
    if (got < 12) {
      throw new WavFormatException("truncated RIFF header at byte 0: 12 bytes needed, the file"
          + " ends after " + got, 0);
    }
    String form = printable(header, 8, 4);
    if (!form.equals("WAVE")) {
      throw new WavFormatException("not a WAV file: RIFF form type at byte 8 is \"" + form
          + "\", expected \"WAVE\"", 8);
    }
  }

  private static Format readFormat(Cursor cursor, long chunkOffset, long size)
      throws IOException {
    if (size < 16) {
      throw new WavFormatException("fmt chunk at byte " + chunkOffset + " is " + size
          + " bytes; at least 16 are needed", chunkOffset);
    }
    int wanted = (int) Math.min(size, 40);
    byte[] fmt = new byte[wanted];
    int got = cursor.read(fmt, 0, wanted);
    if (got < wanted) {
      throw truncated("fmt", chunkOffset, size, got);
    }
    skip(cursor, chunkOffset, "fmt ", size - wanted + (size & 1));

    int tag = u16(fmt, 0);
    int channels = u16(fmt, 2);
    long rate = u32(fmt, 4);
    int blockAlign = u16(fmt, 12);
    int bits = u16(fmt, 14);
    String where = "fmt chunk at byte " + chunkOffset + ": ";
    boolean extensible = tag == FORMAT_EXTENSIBLE;
    int validBits = bits;
    int channelMask = 0;
    if (extensible) {
      if (size < 40 || u16(fmt, 16) < 22) {
        throw new WavFormatException(where + "WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk"
            + " with an extension of 22 bytes, found " + size + " bytes", chunkOffset);
      }
      validBits = u16(fmt, 18);
      channelMask = (int) u32(fmt, 20);
      for (int i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
        if (fmt[26 + i] != SUBFORMAT_GUID_TAIL[i]) {
          throw new WavFormatException(where + "unsupported extensible sub-format GUID "
              + guid(fmt, 24) + "; supported: KSDATAFORMAT_SUBTYPE_PCM, _IEEE_FLOAT, _ALAW and _MULAW",
              chunkOffset);
        }
      }
      tag = u16(fmt, 24);
      if (validBits == 0) {
        validBits = bits;
      }
    }
    if (tag != FORMAT_PCM && tag != FORMAT_IEEE_FLOAT && tag != FORMAT_A_LAW
        && tag != FORMAT_MU_LAW) {
      throw new WavFormatException(where + "unsupported " + (extensible ? "extensible sub-"
          : "") + "format tag " + hex16(tag) + " (" + formatName(tag) + "); supported: PCM"
          + " (0x0001), IEEE float (0x0003), A-law (0x0006), mu-law (0x0007), extensible"
          + " (0xFFFE) with one of those sub-formats", chunkOffset);
    }
    if (channels < 1 || channels > AudioFormat.MAX_CHANNELS) {
      throw new WavFormatException(where + "channel count " + channels + " is outside [1, "
          + AudioFormat.MAX_CHANNELS + "]", chunkOffset);
    }
    if (rate < 1 || rate > AudioFormat.MAX_SAMPLE_RATE_HZ) {
      throw new WavFormatException(where + "sample rate " + rate + " Hz is outside [1, "
          + AudioFormat.MAX_SAMPLE_RATE_HZ + "]", chunkOffset);
    }
    WavSampleEncoding encoding = WavSampleEncoding.of(tag, bits);
    if (encoding == null) {
      throw new WavFormatException(where + "unsupported " + formatName(tag) + " bit depth "
          + bits + "; supported: " + supportedBits(tag), chunkOffset);
    }
    if (validBits > bits) {
      throw new WavFormatException(where + "valid bits per sample " + validBits
          + " exceed the container's " + bits, chunkOffset);
    }
    int expectedAlign = channels * encoding.bytesPerSample();
    if (blockAlign != expectedAlign) {
      throw new WavFormatException(where + "block align " + blockAlign + " does not match "
          + channels + " channels x " + bits + " bits (expected " + expectedAlign + ")",
          chunkOffset);
    }
    return new Format((int) rate, channels, encoding, validBits, channelMask, extensible);
  }

  private WavAudio readData(Cursor cursor, long chunkOffset, long size, Format format)
      throws IOException {
    if (size > maxDataBytes) {
      throw new WavFormatException("data chunk at byte " + chunkOffset + " is " + size
          + " bytes, over the limit of " + maxDataBytes + " bytes", chunkOffset);
    }
    int frameBytes = format.channels * format.encoding.bytesPerSample();
    long frames = size / frameBytes;
    long sampleCount = frames * format.channels;
    if (sampleCount > MAX_ARRAY_LENGTH) {
      throw new WavFormatException("data chunk at byte " + chunkOffset + " holds "
          + sampleCount + " samples, more than one float array can hold", chunkOffset);
    }
    int blockFrames = Math.max(1, READ_BLOCK_BYTES / frameBytes);
    // The header's size is a claim, not a fact: grow with the bytes that arrive, so that a
    // 50-byte file declaring 200 MB of data cannot make us allocate 800 MB of floats.
    float[] samples =
        new float[(int) Math.min(sampleCount, (long) blockFrames * format.channels)];
    // At least one frame, so the partial frame at the end also fits.
    byte[] block = new byte[(int) Math.min(blockFrames, Math.max(frames, 1)) * frameBytes];
    long done = 0;
    int sampleOffset = 0;
    while (done < frames) {
      int n = (int) Math.min(blockFrames, frames - done);
      int bytes = n * frameBytes;
      int got = cursor.read(block, 0, bytes);
      if (got < bytes) {
        throw truncated("data", chunkOffset, size, done * frameBytes + got);
      }
      if (sampleOffset + n * format.channels > samples.length) {
        samples = Arrays.copyOf(samples, (int) Math.min(sampleCount, 2L * samples.length));
      }
      WavSampleCodec.decode(block, 0, format.encoding, samples, sampleOffset,
          n * format.channels);
      sampleOffset += n * format.channels;
      done += n;
    }
    // The partial frame, if any, is read so that truncation inside it is still reported.
    long rest = size - frames * frameBytes;
    if (rest > 0) {
      int got = cursor.read(block, 0, (int) rest);
      if (got < rest) {
        throw truncated("data", chunkOffset, size, frames * frameBytes + got);
      }
    }
    WavInfo info = new WavInfo(format.rateHz, format.channels, format.encoding,
        format.validBits, format.channelMask, format.extensible, frames);
    return new WavAudio(info, samples);
  }

  private static void skip(Cursor cursor, long chunkOffset, String id, long count)
      throws IOException {
    long skipped = cursor.skip(count);
    if (skipped < count) {
      long size = count - (count & 1);
      throw truncated("\"" + id + "\"", chunkOffset, size, skipped);
    }
  }

  private static WavFormatException truncated(String chunk, long chunkOffset, long size,
      long got) {
    return new WavFormatException("truncated " + chunk + " chunk at byte " + chunkOffset
        + ": header says " + size + " bytes, the file ends after " + Math.min(got, size)
        + " of them", chunkOffset);
  }

  private static String chunkId(byte[] header, long offset) throws WavFormatException {
    for (int i = 0; i < 4; i++) {
      if (header[i] < 0x20 || header[i] > 0x7E) {
        throw new WavFormatException("corrupt chunk at byte " + offset + ": chunk id "
            + String.format("0x%02X%02X%02X%02X", header[0], header[1], header[2], header[3])
            + " is not text; the file is damaged or not a WAV file", offset);
      }
    }
    return new String(header, 0, 4, StandardCharsets.US_ASCII);
  }

  private static String supportedBits(int tag) {
    return switch (tag) {
      case FORMAT_IEEE_FLOAT -> "32, 64";
      case FORMAT_A_LAW, FORMAT_MU_LAW -> "8";
      default -> "8, 16, 24, 32";
    };
  }

  private static String formatName(int tag) {
    return switch (tag) {
      case FORMAT_PCM -> "PCM";
      case FORMAT_IEEE_FLOAT -> "IEEE float";
      case 0x0002 -> "Microsoft ADPCM";
      case 0x0006 -> "A-law";
      case 0x0007 -> "mu-law";
      case 0x0011 -> "IMA ADPCM";
      case 0x0031 -> "GSM 6.10";
      case 0x0050 -> "MPEG";
      case 0x0055 -> "MP3";
      case 0x00FF, 0x1610 -> "AAC";
      case 0xF1AC -> "FLAC";
      default -> "unknown";
    };
  }

  private static String printable(byte[] bytes, int offset, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = offset; i < offset + length; i++) {
      int b = bytes[i] & 0xFF;
      if (b >= 0x20 && b <= 0x7E && b != '\\' && b != '"') {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02X", b));
      }
    }
    return text.toString();
  }

  private static String guid(byte[] b, int o) {
    return String.format("%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
        u32(b, o), u16(b, o + 4), u16(b, o + 6), b[o + 8], b[o + 9], b[o + 10], b[o + 11],
        b[o + 12], b[o + 13], b[o + 14], b[o + 15]);
  }

  private static String hex16(int value) {
    return String.format("0x%04X", value);
  }

  private static int u16(byte[] b, int o) {
    return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int o) {
    return ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16
        | (long) (b[o + 3] & 0xFF) << 24);
  }

  /** The parsed fmt chunk. */
  private record Format(int rateHz, int channels, WavSampleEncoding encoding, int validBits,
      int channelMask, boolean extensible) {}

  /** An input stream that counts the bytes it has consumed. */
  private static final class Cursor {
    private final InputStream in;
    private long offset;
    private byte[] scratch;

    Cursor(InputStream in) {
      this.in = in;
    }

    /** Reads up to {@code length} bytes, fewer only at the end of the stream. */
    int read(byte[] buffer, int from, int length) throws IOException {
      int got = in.readNBytes(buffer, from, length);
      offset += got;
      return got;
    }

    /**
     * Skips up to {@code count} bytes, fewer only at the end of the stream. Reads rather than
     * calling {@link InputStream#skip}, which may move past the end of a file unnoticed.
     */
    long skip(long count) throws IOException {
      if (scratch == null) {
        scratch = new byte[8192];
      }
      long done = 0;
      while (done < count) {
        int n = in.read(scratch, 0, (int) Math.min(scratch.length, count - done));
        if (n < 0) {
          break;
        }
        done += n;
      }
      offset += done;
      return done;
    }
  }
}
