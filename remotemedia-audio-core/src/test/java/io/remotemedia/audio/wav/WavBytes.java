package io.remotemedia.audio.wav;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds WAV files byte by byte for the tests, independently of {@link WavWriter}: chunks are
 * appended in order and {@link #build()} wraps them in a RIFF/WAVE header.
 */
final class WavBytes {
  static final int PCM = 0x0001;
  static final int IEEE_FLOAT = 0x0003;
  static final int EXTENSIBLE = 0xFFFE;
  static final byte[] GUID_TAIL = {
      0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
      0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  static WavBytes wave() {
    return new WavBytes();
  }

  /** A 16-byte fmt chunk with the block align and byte rate the fields imply. */
  WavBytes fmt(int tag, int channels, int rateHz, int bits) {
    int align = channels * bits / 8;
    return chunk("fmt ", le().putShort((short) tag).putShort((short) channels).putInt(rateHz)
        .putInt(rateHz * align).putShort((short) align).putShort((short) bits), 16);
  }

  /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk. */
  WavBytes fmtExtensible(int subTag, int channels, int rateHz, int bits, int validBits,
      int mask) {
    int align = channels * bits / 8;
    ByteBuffer b = le().putShort((short) EXTENSIBLE).putShort((short) channels).putInt(rateHz)
        .putInt(rateHz * align).putShort((short) align).putShort((short) bits)
        .putShort((short) 22).putShort((short) validBits).putInt(mask)
        .putShort((short) subTag).put(GUID_TAIL);
    return chunk("fmt ", b, 40);
  }

  WavBytes chunk(String id, ByteBuffer filled, int length) {
    byte[] bytes = new byte[length];
    filled.flip();
    filled.get(bytes);
    return chunk(id, bytes);
  }

  /** Appends a chunk with its pad byte when the body is odd-sized. */
  WavBytes chunk(String id, byte[] content) {
    return rawChunk(id, content.length, content, content.length % 2 == 1);
  }

  /** Appends a chunk header claiming {@code declaredSize} and whatever bytes follow it. */
  WavBytes rawChunk(String id, long declaredSize, byte[] content, boolean pad) {
    body.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(s32((int) declaredSize));
    body.writeBytes(content);
    if (pad) {
      body.write(0);
    }
    return this;
  }

  WavBytes data(byte[] content) {
    return chunk("data", content);
  }

  byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(s32(4 + body.size()));
    out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  static byte[] u8(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] s16(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return b.array();
  }

  static byte[] s24(int... values) {
    byte[] out = new byte[values.length * 3];
    for (int i = 0; i < values.length; i++) {
      out[3 * i] = (byte) (values[i] & 0xFF);
      out[3 * i + 1] = (byte) ((values[i] >> 8) & 0xFF);
      out[3 * i + 2] = (byte) ((values[i] >> 16) & 0xFF);
    }
    return out;
  }

  static byte[] s32(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] f64(double... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  private static ByteBuffer le() {
    return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
  }
}
