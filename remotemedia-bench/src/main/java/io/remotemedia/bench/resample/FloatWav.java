package io.remotemedia.bench.resample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes mono/multichannel 32-bit float WAV files (WAVE_FORMAT_IEEE_FLOAT,
 * little-endian), the format the soxr comparison uses on both sides. Reading accepts the
 * plain RIFF layout that sox and ffmpeg write (it skips unknown chunks such as LIST and fact).
 */
final class FloatWav {
  private static final short WAVE_FORMAT_IEEE_FLOAT = 3;
  private static final short WAVE_FORMAT_EXTENSIBLE = (short) 0xFFFE;

  /** Interleaved samples and their layout. */
  record Audio(int sampleRateHz, int channelCount, float[] samples) {}

  private FloatWav() {}

  static void write(Path path, int sampleRateHz, int channelCount, float[] samples, int count)
      throws IOException {
    int dataBytes = count * Float.BYTES;
    ByteBuffer header = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(38 + dataBytes)
        .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(18) // a non-PCM fmt chunk carries cbSize
        .putShort(WAVE_FORMAT_IEEE_FLOAT)
        .putShort((short) channelCount)
        .putInt(sampleRateHz)
        .putInt(sampleRateHz * channelCount * Float.BYTES)
        .putShort((short) (channelCount * Float.BYTES))
        .putShort((short) 32)
        .putShort((short) 0)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(dataBytes)
        .flip();
    ByteBuffer data = ByteBuffer.allocate(dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(samples, 0, count);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      while (header.hasRemaining()) {
        channel.write(header);
      }
      while (data.hasRemaining()) {
        channel.write(data);
      }
    }
  }

  /** Reads the file through a memory map: one widening-free copy into the float array. */
  static Audio read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
          .order(ByteOrder.LITTLE_ENDIAN);
      return parse(path, file);
    }
  }

  private static Audio parse(Path path, ByteBuffer file) throws IOException {
    if (file.limit() < 12 || file.getInt(0) != 0x46464952 || file.getInt(8) != 0x45564157) {
      throw new IOException(path + ": not a RIFF/WAVE file");
    }
    int at = 12;
    int rate = 0;
    int channels = 0;
    while (at + 8 <= file.limit()) {
      int id = file.getInt(at);
      int size = file.getInt(at + 4);
      if (id == 0x20746d66) { // "fmt "
        short tag = file.getShort(at + 8);
        channels = file.getShort(at + 10);
        rate = file.getInt(at + 12);
        short bits = file.getShort(at + 22);
        if ((tag != WAVE_FORMAT_IEEE_FLOAT && tag != WAVE_FORMAT_EXTENSIBLE) || bits != 32) {
          throw new IOException(path + ": not 32-bit float (format " + tag + ", " + bits
              + " bits)");
        }
      } else if (id == 0x61746164) { // "data"
        int bytes = Math.min(size, file.limit() - at - 8);
        float[] samples = new float[bytes / Float.BYTES];
        file.position(at + 8);
        file.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples);
        return new Audio(rate, channels, samples);
      }
      at += 8 + size + (size & 1);
    }
    throw new IOException(path + ": no data chunk");
  }
}
