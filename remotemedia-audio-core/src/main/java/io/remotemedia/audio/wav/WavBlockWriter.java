package io.remotemedia.audio.wav;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A WAV file open for writing block by block, from {@link WavWriter#open}: the header goes
 * first with sizes of 0, the blocks after it, and {@link #close()} writes the real sizes into
 * the header. A block that would take the file past RIFF's 4 GiB is refused before any of it
 * is written. Into a pipe or a device ({@code /dev/stdout}), which cannot seek back, the header
 * says {@code 0xFFFFFFFF} for the sizes, as ffmpeg writes to a pipe; {@link WavReader} and
 * other readers take that as "until the end of the input". Not thread-safe.
 */
public final class WavBlockWriter implements Closeable {
  /** The file, or null for a pipe. */
  private final FileChannel channel;
  /** The sizes a header into a pipe says: "until the end of the input", as ffmpeg writes. */
  private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;

  private final OutputStream out;
  private final AudioFormat format;
  private final WavSampleEncoding encoding;
  private final byte[] block;
  private long frames;
  private long clipped;
  private boolean closed;

  WavBlockWriter(Path file, AudioFormat format, WavSampleEncoding encoding) throws IOException {
    this.format = format;
    this.encoding = encoding;
    boolean seekable = !Files.exists(file) || Files.isRegularFile(file);
    this.channel = seekable ? FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE) : null;
    this.out = new BufferedOutputStream(seekable ? Channels.newOutputStream(channel)
        : new FileOutputStream(file.toFile()), 64 * 1024);
    this.block = new byte[WavWriter.blockBytes(format.channelCount(), encoding)];
    try {
      out.write(seekable
          ? WavWriter.header(format.channelCount(), format.sampleRateHz(), encoding, 0, 0)
          : WavWriter.header(format.channelCount(), format.sampleRateHz(), encoding,
              UNKNOWN_SIZE, UNKNOWN_SIZE));
    } catch (IOException e) {
      out.close();
      throw e;
    }
  }

  /** {@return whether the header's sizes will be the real ones: false into a pipe} */
  public boolean seekable() {
    return channel != null;
  }

  /**
   * Appends a block.
   *
   * @param audio samples in the writer's rate and channel count, nominally in [-1, 1]
   * @return the samples of this block that were out of range and clipped
   * @throws WavFormatException if the file would grow past 4 GiB; nothing of the block is
   *     written then
   * @throws IllegalArgumentException if the block's rate or channels differ from the writer's
   * @throws IOException if the file cannot be written
   */
  public long write(AudioBuffer audio) throws IOException {
    Objects.requireNonNull(audio, "audio");
    if (closed) {
      throw new IllegalStateException("the writer is closed");
    }
    if (audio.format().sampleRateHz() != format.sampleRateHz()
        || audio.format().channelCount() != format.channelCount()) {
      throw new IllegalArgumentException("a block of " + audio.format() + " for a file of "
          + format);
    }
    long total = frames + audio.frameCount();
    long dataBytes = total * format.channelCount() * encoding.bytesPerSample();
    if (!WavWriter.fits(format.channelCount(), encoding, dataBytes)) {
      throw new WavFormatException(total + " frames of " + format.channelCount()
          + " channels as " + encoding + " take " + dataBytes
          + " bytes, more than a RIFF file can hold (4 GiB)", -1);
    }
    long blockClipped = WavWriter.writeSamples(out, audio, encoding, block);
    frames = total;
    clipped += blockClipped;
    return blockClipped;
  }

  /** {@return the frames written so far} */
  public long frameCount() {
    return frames;
  }

  /** {@return the samples clipped so far} */
  public long clippedCount() {
    return clipped;
  }

  /** Writes the pad byte and the real sizes, and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream stream = out) {
      long dataBytes = frames * format.channelCount() * encoding.bytesPerSample();
      if ((dataBytes & 1) != 0) {
        stream.write(0); // RIFF pads odd-sized chunks to an even length
      }
      stream.flush();
      if (channel != null) {
        channel.write(ByteBuffer.wrap(WavWriter.header(format.channelCount(),
            format.sampleRateHz(), encoding, frames, dataBytes)), 0);
      }
    }
  }
}
