package io.remotemedia.bench.vad;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Just enough WAV reading for the VAD evaluation: 16-bit PCM, any rate and channel count,
 * samples scaled to [-1, 1). Not a general WAV reader.
 *
 * @param sampleRateHz the file's rate
 * @param channels interleaved channels
 * @param samples interleaved samples
 */
record Pcm16Wav(int sampleRateHz, int channels, float[] samples) {

  static Pcm16Wav read(Path path) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) {
      throw new IOException(path + ": not a RIFF/WAVE file");
    }
    int pos = 12;
    int rate = 0;
    int channels = 0;
    while (pos + 8 <= b.limit()) {
      String id = tag(b, pos);
      int size = b.getInt(pos + 4);
      if (id.equals("fmt ")) {
        int format = b.getShort(pos + 8);
        channels = b.getShort(pos + 10);
        rate = b.getInt(pos + 12);
        int bits = b.getShort(pos + 22);
        if (format != 1 || bits != 16) {
          throw new IOException(path + ": need 16-bit PCM, found format " + format + ", "
              + bits + " bits");
        }
      } else if (id.equals("data")) {
        if (channels == 0) {
          throw new IOException(path + ": data chunk before fmt chunk");
        }
        int count = Math.min(size, b.limit() - pos - 8) / 2;
        float[] samples = new float[count];
        for (int i = 0; i < count; i++) {
          samples[i] = b.getShort(pos + 8 + 2 * i) / 32768f;
        }
        return new Pcm16Wav(rate, channels, samples);
      }
      pos += 8 + size + (size & 1);
    }
    throw new IOException(path + ": no data chunk");
  }

  private static String tag(ByteBuffer b, int at) {
    byte[] four = new byte[4];
    b.get(at, four);
    return new String(four, StandardCharsets.US_ASCII);
  }
}
