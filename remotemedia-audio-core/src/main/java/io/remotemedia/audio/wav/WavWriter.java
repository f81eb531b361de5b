package io.remotemedia.audio.wav;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes float samples to a WAV file in any {@link WavSampleEncoding}.
 *
 * <p>The header is {@code WAVE_FORMAT_EXTENSIBLE} when there are more than 2 channels or more
 * than 16 bits per sample, as Microsoft's WAVE format notes recommend, and plain {@code
 * WAVE_FORMAT_PCM}, {@code WAVE_FORMAT_ALAW} or {@code WAVE_FORMAT_MULAW} otherwise. Float
 * (always more than 16 bits, so always extensible) and G.711 encodings also get the {@code
 * fact} chunk that non-PCM formats require. The extensible channel mask is
 * the usual layout for the channel count: mono FC, stereo FL FR, 3 FL FR FC, 4 quad, 5 FL FR FC
 * BL BR, 6 5.1, 7 6.1, 8 7.1, and 0 (unspecified) above 8.
 *
 * <p>Integer encodings round and clip as {@link WavSampleCodec} describes; the write methods
 * return the number of clipped samples. Float encodings store values unchanged.
 *
 * <pre>{@code
 * long clipped = WavWriter.write(Path.of("out.wav"), buffer, WavSampleEncoding.PCM_S24);
 * }</pre>
 *
 * <p>Stateless and thread-safe. A write allocates one block buffer of at most 64 KiB.
 */
public final class WavWriter {
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long MAX_RIFF_SIZE = 0xFFFF_FFFFL;
  private static final int WRITE_BLOCK_BYTES = 64 * 1024;
  private static final int[] CHANNEL_MASKS = {
      0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3F, 0x70F, 0x63F};
  private static final byte[] SUBFORMAT_GUID_TAIL = {
      0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
      0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

  private WavWriter() {}

  /**
   * Writes {@code audio} to {@code file}, replacing it.
   *
   * @param file the file to create or replace
   * @param audio the samples and their format, nominally in [-1, 1]
   * @param encoding how the samples are stored in the file
   * @return the number of samples that were out of range and clipped
   * @throws WavFormatException if the audio is too long for a RIFF file (4 GiB)
   * @throws IOException if the file cannot be written
   */
  public static long write(Path file, AudioBuffer audio, WavSampleEncoding encoding)
      throws IOException {
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(encoding, "encoding");
    checkSize(audio, encoding);
    try (OutputStream out = Files.newOutputStream(file)) {
      return write(out, audio, encoding);
    }
  }

  /**
   * Writes {@code audio} as a complete WAV file to {@code out}. The caller closes the stream.
   *
   * @param out where the header and the samples go; not closed
   * @param audio the samples and their format, nominally in [-1, 1]
   * @param encoding how the samples are stored in the file
   * @return the number of samples that were out of range and clipped
   * @throws WavFormatException if the audio is too long for a RIFF file (4 GiB)
   * @throws IOException if the stream fails
   */
  public static long write(OutputStream out, AudioBuffer audio, WavSampleEncoding encoding)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(encoding, "encoding");
    long dataBytes = checkSize(audio, encoding);
    out.write(header(audio.format().channelCount(), audio.format().sampleRateHz(), encoding,
        audio.frameCount(), dataBytes));
    long clipped = writeSamples(out, audio, encoding, null);
    if ((dataBytes & 1) != 0) {
      out.write(0); // RIFF pads odd-sized chunks to an even length
    }
    return clipped;
  }

  /**
   * Creates or replaces {@code file} and opens it for writing {@code format}'s audio block by
   * block, however long: the sizes in the header are written when it is closed. Until then
   * the file's header says 0 frames.
   *
   * <pre>{@code
   * try (WavBlockWriter out = WavWriter.open(Path.of("out.wav"), format,
   *     WavSampleEncoding.PCM_S16)) {
   *   while (more()) {
   *     out.write(nextBlock());
   *   }
   * }
   * }</pre>
   *
   * @param file the file to create or replace
   * @param format the rate and channels of every block to be written
   * @param encoding how the samples are stored in the file
   * @return the open writer; close it to complete the file
   * @throws IOException if the file cannot be written
   */
  public static WavBlockWriter open(Path file, AudioFormat format, WavSampleEncoding encoding)
      throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(encoding, "encoding");
    return new WavBlockWriter(file, format, encoding);
  }

  /**
   * Encodes {@code audio}'s samples into {@code out} through one block of at most 64 KiB,
   * {@code scratch} if it is that block already.
   *
   * @return the number of clipped samples
   */
  static long writeSamples(OutputStream out, AudioBuffer audio, WavSampleEncoding encoding,
      byte[] scratch) throws IOException {
    int channels = audio.format().channelCount();
    int frameBytes = channels * encoding.bytesPerSample();
    int blockFrames = Math.max(1, WRITE_BLOCK_BYTES / frameBytes);
    byte[] block = scratch != null ? scratch : new byte[(int) Math.min(
        (long) blockFrames * frameBytes, Math.max((long) audio.sampleCount()
            * encoding.bytesPerSample(), 1))];
    float[] samples = audio.samples();
    long clipped = 0;
    for (int frame = 0; frame < audio.frameCount(); frame += blockFrames) {
      int n = Math.min(blockFrames, audio.frameCount() - frame);
      clipped += WavSampleCodec.encode(samples, frame * channels, n * channels, encoding,
          block, 0);
      out.write(block, 0, n * frameBytes);
    }
    return clipped;
  }

  /** {@return the size of a block that {@link #writeSamples} takes as its scratch} */
  static int blockBytes(int channels, WavSampleEncoding encoding) {
    int frameBytes = channels * encoding.bytesPerSample();
    return Math.max(1, WRITE_BLOCK_BYTES / frameBytes) * frameBytes;
  }

  private static long checkSize(AudioBuffer audio, WavSampleEncoding encoding)
      throws WavFormatException {
    long dataBytes = (long) audio.sampleCount() * encoding.bytesPerSample();
    if (!fits(audio.format().channelCount(), encoding, dataBytes)) {
      throw new WavFormatException(audio.frameCount() + " frames of "
          + audio.format().channelCount() + " channels as " + encoding + " take " + dataBytes
          + " bytes, more than a RIFF file can hold (4 GiB)", -1);
    }
    return dataBytes;
  }

  private static boolean extensible(int channels, WavSampleEncoding encoding) {
    return channels > 2 || encoding.bitsPerSample() > 16;
  }

  /** {@return whether {@code dataBytes} of audio fit in a RIFF file} */
  static boolean fits(int channels, WavSampleEncoding encoding, long dataBytes) {
    return riffSize(channels, encoding, dataBytes) <= MAX_RIFF_SIZE;
  }

  private static long riffSize(int channels, WavSampleEncoding encoding, long dataBytes) {
    int fmtSize = extensible(channels, encoding) ? 40 : 16;
    int factChunk = encoding.needsFactChunk() ? 12 : 0;
    return 4 + (8 + fmtSize) + factChunk + 8 + dataBytes + (dataBytes & 1);
  }

  /** {@return the header up to the data chunk's samples, with these sizes} */
  static byte[] header(int channels, int rate, WavSampleEncoding encoding, long frames,
      long dataBytes) {
    boolean extensible = extensible(channels, encoding);
    int fmtSize = extensible ? 40 : 16;
    int blockAlign = channels * encoding.bytesPerSample();
    int tag = encoding.formatTag();
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + (encoding.needsFactChunk() ? 12 : 0)
        + 8)
        .order(ByteOrder.LITTLE_ENDIAN);
    // 0xFFFFFFFF data bytes: the size is unknown (a pipe), and so is the RIFF size.
    long riffSize = dataBytes == MAX_RIFF_SIZE ? MAX_RIFF_SIZE
        : riffSize(channels, encoding, dataBytes);
    b.put(ascii("RIFF")).putInt((int) riffSize)
        .put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(fmtSize)
        .putShort((short) (extensible ? FORMAT_EXTENSIBLE : tag))
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * blockAlign)
        .putShort((short) blockAlign)
        .putShort((short) encoding.bitsPerSample());
    if (extensible) {
      b.putShort((short) 22)
          .putShort((short) encoding.bitsPerSample())
          .putInt(channels < CHANNEL_MASKS.length ? CHANNEL_MASKS[channels] : 0)
          .putShort((short) tag)
          .put(SUBFORMAT_GUID_TAIL);
    }
    if (encoding.needsFactChunk()) {
      b.put(ascii("fact")).putInt(4).putInt((int) frames);
    }
    b.put(ascii("data")).putInt((int) dataBytes);
    return b.array();
  }

  private static byte[] ascii(String id) {
    return id.getBytes(StandardCharsets.US_ASCII);
  }
}
