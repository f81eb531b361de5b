package io.remotemedia.audio.wav;

import io.remotemedia.audio.AudioFormat;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
 * <p>Files written to a pipe: a data size that a streaming writer left as a placeholder (0,
 * or {@code 0x7FFF0000} to {@code 0xFFFFFFFF} when the input ends first; sox writes {@code
 * 0x7FFFF000}, ffmpeg {@code 0xFFFFFFFF} or 0) means "until the end of the input", as in
 * ffmpeg and libsndfile. The audio is every byte from the data chunk's start to the end of the
 * input, less a trailing partial frame. A zero size followed only by whole chunks ({@code
 * LIST}, {@code id3 }) is an empty data chunk. A smaller size that runs past the end of the
 * input is a truncated file, and refused.
 *
 * <p>Memory is bounded: a data chunk whose size is over {@code maxDataBytes} is refused before
 * anything is allocated; for a placeholder size, reading stops one byte past the limit and
 * refuses the file. The sample array grows with the bytes actually read, never ahead of them
 * on the header's word. The decoded floats take {@code 4 / bytesPerSample} times the data
 * size (4 times for 8-bit files).
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
  /** Bytes 2..15 of KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT; bytes 0..1 hold the tag. */
  private static final byte[] SUBFORMAT_GUID_TAIL = {
      0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
      0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

  private final long maxDataBytes;
  private final DataChunkReader dataReader;

  /** A reader with {@link #DEFAULT_MAX_DATA_BYTES}. */
  public WavReader() {
    this(DEFAULT_MAX_DATA_BYTES);
  }

  /**
   * A reader that refuses data chunks larger than {@code maxDataBytes}, whether their size is
   * declared or, for a streaming placeholder size, found by reading.
   *
   * @param maxDataBytes the largest data chunk to accept, in bytes; 0 or more
   * @throws IllegalArgumentException if the limit is negative
   */
  public WavReader(long maxDataBytes) {
    if (maxDataBytes < 0) {
      throw new IllegalArgumentException("maxDataBytes must be >= 0, was " + maxDataBytes);
    }
    this.maxDataBytes = maxDataBytes;
    this.dataReader = new DataChunkReader(maxDataBytes);
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
    try (InputStream in = new BufferedInputStream(open(file), 16 * 1024)) {
      return read(in);
    }
  }

  /**
   * Reads and decodes a WAV stream up to the end of its data chunk. The caller closes the
   * stream; bytes after the data chunk are left unread. When the data size is a streaming
   * placeholder (see above), the data chunk ends with the stream, so this reads until the
   * stream ends or the limit is passed.
   *
   * @param in the stream, positioned at the RIFF header; not closed
   * @return the header and the decoded samples, in [-1, 1]
   * @throws WavFormatException if the bytes are not a WAV file, are truncated, are unsupported
   *     or the data chunk exceeds the limit; the message names the problem and its byte offset
   * @throws IOException if the stream fails
   */
  public WavAudio read(InputStream in) throws IOException {
    CountingInput cursor = new CountingInput(in);
    DataStart data = findData(cursor);
    return readData(cursor, data.chunkOffset(), data.size(), data.format());
  }

  /**
   * Opens a WAV file to read its samples block by block, however long it is: only a block is
   * held at a time, so this reader's {@link #maxDataBytes()} does not apply. The header is read
   * and checked now.
   *
   * <pre>{@code
   * try (WavBlockReader wav = new WavReader().openBlocks(Path.of("long.wav"))) {
   *   float[] block = new float[4096 * wav.info().channelCount()];
   *   for (int frames; (frames = wav.read(block, 4096)) > 0; ) { ... }
   * }
   * }</pre>
   *
   * @param file the WAV file to read
   * @return the open reader; close it to close the file
   * @throws WavFormatException if the header is not a supported WAV header; the message names
   *     the problem and its byte offset
   * @throws IOException if the file cannot be read
   */
  public WavBlockReader openBlocks(Path file) throws IOException {
    InputStream in = new BufferedInputStream(open(file), 64 * 1024);
    try {
      return openBlocks(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Opens a stream of WAV bytes, such as a pipe, to read its samples block by block, as {@link
   * #openBlocks(Path)} does a file.
   *
   * @param in the stream, positioned at the RIFF header; buffer it, the reader reads it in
   *     small pieces. Closing the returned reader closes it; if the header is refused, it is
   *     left open
   * @return the open reader
   * @throws WavFormatException if the header is not a supported WAV header; the message names
   *     the problem and its byte offset
   * @throws IOException if the stream fails
   */
  public WavBlockReader openBlocks(InputStream in) throws IOException {
    CountingInput cursor = new CountingInput(in);
    DataStart data = findData(cursor);
    Format format = data.format();
    // A placeholder size has no frame count to tell; the header's own count otherwise.
    long frames = DataChunkStream.isPlaceholder(data.size())
        ? -1 : data.size() / ((long) format.channels * format.encoding.bytesPerSample());
    WavInfo info = new WavInfo(format.rateHz, format.channels, format.encoding,
        format.validBits, format.channelMask, format.extensible, Math.max(frames, 0));
    return new WavBlockReader(in, info, frames >= 0, new DataChunkStream(cursor,
        data.chunkOffset(), data.size(), Long.MAX_VALUE, format.channels, format.encoding));
  }

  /**
   * Opens {@code file} for reading once from its start. A FileInputStream, not {@link
   * Files#newInputStream}: that one's {@code available()} asks a pipe ({@code /dev/stdin}) for
   * its position, which fails with "Illegal seek".
   */
  private static InputStream open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "is a directory");
    }
    try {
      return new FileInputStream(file.toFile());
    } catch (FileNotFoundException e) {
      throw Files.exists(file) ? new AccessDeniedException(file.toString())
          : new NoSuchFileException(file.toString());
    }
  }

  /** Reads the chunks up to the data chunk's header; the input is then at its first byte. */
  private static DataStart findData(CountingInput cursor) throws IOException {
    readRiffHeader(cursor);
    Format format = null;
    byte[] chunkHeader = new byte[8];
    for (int chunks = 0; ; chunks++) {
      long chunkOffset = cursor.offset();
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
          return new DataStart(format, chunkOffset, size);
        }
        default -> skip(cursor, chunkOffset, id, size, 0);
      }
    }
  }

  private static void readRiffHeader(CountingInput cursor) throws IOException {
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

  private static Format readFormat(CountingInput cursor, long chunkOffset, long size)
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
    skip(cursor, chunkOffset, "fmt ", size, wanted);

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
              + guid(fmt, 24) + "; supported: KSDATAFORMAT_SUBTYPE_PCM, _IEEE_FLOAT, _ALAW and"
              + " _MULAW", chunkOffset);
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

  private WavAudio readData(CountingInput in, long chunkOffset, long size, Format format)
      throws IOException {
    float[] samples = dataReader.read(in, chunkOffset, size, format.channels, format.encoding);
    WavInfo info = new WavInfo(format.rateHz, format.channels, format.encoding,
        format.validBits, format.channelMask, format.extensible,
        samples.length / format.channels);
    return new WavAudio(info, samples);
  }

  /**
   * Skips the rest of a chunk of {@code size} bytes (as its header says), {@code alreadyRead} of
   * which were read, and its pad byte; a short file is reported in the chunk's own figures.
   */
  private static void skip(CountingInput cursor, long chunkOffset, String id, long size,
      long alreadyRead) throws IOException {
    long count = size - alreadyRead + (size & 1);
    long skipped = cursor.skip(count);
    if (skipped < count) {
      if (alreadyRead + skipped == size) {
        throw new WavFormatException("truncated \"" + id + "\" chunk at byte " + chunkOffset
            + ": its " + size + " bytes are all there, but not the pad byte an odd-sized chunk"
            + " is followed by", chunkOffset);
      }
      throw truncated("\"" + id + "\"", chunkOffset, size, alreadyRead + skipped);
    }
  }

  static WavFormatException truncated(String chunk, long chunkOffset, long size,
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

  /** Where the data chunk starts, and the format it is in. */
  private record DataStart(Format format, long chunkOffset, long size) {}
}
