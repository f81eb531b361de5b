package io.remotemedia.pipeline.opus;

/**
 * The CRC-32 of Ogg pages (RFC 3533 section 6): polynomial 0x04C11DB7, initial value 0, no
 * reflection and no final XOR, computed over the page with its checksum field zeroed.
 */
final class OggCrc {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
      }
      TABLE[i] = r;
    }
  }

  private OggCrc() {}

  /** Returns the CRC of {@code bytes[offset..offset + length)}, continuing from {@code crc}. */
  static int update(int crc, byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ bytes[i]) & 0xFF];
    }
    return crc;
  }
}
