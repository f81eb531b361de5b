package io.remotemedia.server.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a file is, told from its first bytes (its magic number), so that {@code run} can say
 * "this is an MP3 file" rather than "expected RIFF". Audio formats other than WAV come with the
 * command that converts them.
 */
enum FileKind {
  /** A RIFF/WAVE file: what {@code run} reads. */
  WAV("a WAV file", Converter.NONE),
  /** An RF64 or BW64 file: WAV's 64-bit variant, which the reader does not take. */
  RF64("an RF64 (64-bit WAV) file", Converter.FFMPEG_OR_SOX),
  /** A RIFF container that holds something other than WAVE (AVI, WebP, ...). */
  RIFF_OTHER("a RIFF file that holds no WAVE audio (AVI, WebP, ...)", Converter.FFMPEG),
  /** MPEG audio: an ID3 tag or an MPEG frame sync (MP3, MP2). */
  MP3("an MP3 file", Converter.FFMPEG_OR_SOX_MP3),
  /** AAC in ADTS frames. */
  AAC("an AAC (ADTS) file", Converter.FFMPEG),
  /** An Ogg Opus file ({@code .opus}): what {@code run} reads besides WAV. */
  OGG_OPUS("an Ogg Opus file", Converter.NONE),
  /** Another Ogg container (Vorbis, FLAC, Speex). */
  OGG("an Ogg file (Vorbis or FLAC)", Converter.FFMPEG_OR_SOX),
  /** Native FLAC. */
  FLAC("a FLAC file", Converter.FFMPEG_OR_SOX),
  /** AIFF or AIFF-C. */
  AIFF("an AIFF file", Converter.FFMPEG_OR_SOX),
  /** Sun/NeXT audio. */
  AU("an AU file", Converter.FFMPEG_OR_SOX),
  /** Apple Core Audio Format. */
  CAF("a CAF file", Converter.FFMPEG),
  /** ISO base media (MP4, M4A, MOV, 3GP). */
  MP4("an MP4/M4A file", Converter.FFMPEG),
  /** Matroska or WebM. */
  MATROSKA("a Matroska/WebM file", Converter.FFMPEG),
  /** Windows Media (ASF). */
  ASF("a WMA/ASF file", Converter.FFMPEG),
  /** Adaptive Multi-Rate speech. */
  AMR("an AMR file", Converter.FFMPEG),
  /** An empty file. */
  EMPTY("an empty file", Converter.NONE),
  /** Text, such as a JSON or YAML manifest. */
  TEXT("a text file", Converter.NONE),
  /** Anything else. */
  UNKNOWN("not a known audio format", Converter.NONE);

  /** How many leading bytes {@link #of(Path)} reads. */
  static final int SNIFF_BYTES = 36;

  private final String description;
  private final Converter converter;

  FileKind(String description, Converter converter) {
    this.description = description;
    this.converter = converter;
  }

  /** Returns "an MP3 file", "a WAV file", ... */
  String description() {
    return description;
  }

  /** Whether this is an audio format that a converter turns into WAV. */
  boolean isConvertibleAudio() {
    return converter != Converter.NONE;
  }

  /**
   * Returns the commands that convert {@code file} into a WAV file beside it, such as {@code
   * ffmpeg -i in.mp3 in.wav}; empty when this is not a convertible audio format.
   */
  String conversionHint(Path file) {
    String in = shellQuoted(file.toString());
    String out = shellQuoted(convertedName(file).toString());
    return switch (converter) {
      case NONE -> "";
      case FFMPEG -> "ffmpeg -i " + in + " " + out;
      case FFMPEG_OR_SOX -> "ffmpeg -i " + in + " " + out + "  (or: sox " + in + " " + out + ")";
      case FFMPEG_OR_SOX_MP3 -> "ffmpeg -i " + in + " " + out + "  (or: sox " + in + " " + out
          + ", with Debian's libsox-fmt-mp3)";
    };
  }

  /**
   * Reads the first bytes of {@code file} and says what it is.
   *
   * @throws IOException if the file cannot be read
   */
  static FileKind of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in.readNBytes(SNIFF_BYTES));
    }
  }

  /** Says what a file that starts with {@code head} is. */
  static FileKind of(byte[] head) {
    if (head.length == 0) {
      return EMPTY;
    }
    if (startsWith(head, 0, "RIFF")) {
      // Too short to hold a form type: a truncated WAV file, as the reader will say.
      return head.length < 12 || startsWith(head, 8, "WAVE") ? WAV : RIFF_OTHER;
    }
    if (startsWith(head, 0, "RF64") || startsWith(head, 0, "BW64")) {
      return RF64;
    }
    if (startsWith(head, 0, "ID3")) {
      return MP3;
    }
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
      // A frame sync: the two layer bits are 00 in AAC's ADTS header, non-zero in MPEG audio.
      return (head[1] & 0x06) == 0 ? AAC : MP3;
    }
    if (startsWith(head, 0, "OggS")) {
      // The first page holds one segment, the OpusHead packet: 27 header bytes + 1 lacing byte.
      // Too short to tell (a truncated file): the Ogg Opus reader then names what is missing.
      return head.length < 36 || startsWith(head, 28, "OpusHead") ? OGG_OPUS : OGG;
    }
    if (startsWith(head, 0, "fLaC")) {
      return FLAC;
    }
    if (startsWith(head, 0, "FORM")
        && (startsWith(head, 8, "AIFF") || startsWith(head, 8, "AIFC"))) {
      return AIFF;
    }
    if (startsWith(head, 0, ".snd")) {
      return AU;
    }
    if (startsWith(head, 0, "caff")) {
      return CAF;
    }
    if (startsWith(head, 4, "ftyp")) {
      return MP4;
    }
    if (startsWith(head, 0, new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3})) {
      return MATROSKA;
    }
    if (startsWith(head, 0, new byte[] {0x30, 0x26, (byte) 0xB2, 0x75})) {
      return ASF;
    }
    if (startsWith(head, 0, "#!AMR")) {
      return AMR;
    }
    return isText(head) ? TEXT : UNKNOWN;
  }

  private static boolean isText(byte[] head) {
    for (byte b : head) {
      int c = b & 0xFF;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] head, int offset, String ascii) {
    return startsWith(head, offset, ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean startsWith(byte[] head, int offset, byte[] magic) {
    return head.length >= offset + magic.length
        && Arrays.equals(head, offset, offset + magic.length, magic, 0, magic.length);
  }

  /** {@code in.mp3} becomes {@code in.wav}; a file already named .wav gets {@code -converted}. */
  private static Path convertedName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String converted = name.equalsIgnoreCase(stem + ".wav") ? stem + "-converted.wav"
        : stem + ".wav";
    return file.resolveSibling(converted);
  }

  private static String shellQuoted(String text) {
    return text.matches("[A-Za-z0-9_./:=+,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  /** The tools that read a format. */
  private enum Converter {
    NONE,
    FFMPEG,
    FFMPEG_OR_SOX,
    FFMPEG_OR_SOX_MP3
  }
}
