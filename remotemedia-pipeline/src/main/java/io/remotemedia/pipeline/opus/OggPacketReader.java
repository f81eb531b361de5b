package io.remotemedia.pipeline.opus;

import java.util.Arrays;

/**
 * Splits the bytes of an Ogg stream (RFC 3533) into the packets of its first logical stream,
 * checking each page's capture pattern, version and CRC. Pages of other logical streams are
 * skipped. Not thread-safe; one per file.
 */
final class OggPacketReader {
  private static final int HEADER_BYTES = 27;
  private static final int FLAG_CONTINUED = 0x01;
  private static final byte[] ZERO_CRC = new byte[4];

  private final byte[] data;
  private int position;
  private int pageIndex = -1;
  private int serial;
  private long granule = -1;
  private int pageOffset;
  /** The current page's segment table and where its payload continues. */
  private int segmentCount;
  private int segment;
  private int segmentTable;
  private int payload;
  private byte[] packet = new byte[1024];

  OggPacketReader(byte[] data) {
    this.data = data;
  }

  /** Returns the index of the page the last packet ended on, from 0. */
  int pageIndex() {
    return pageIndex;
  }

  /** Returns the byte offset of the page the last packet ended on. */
  int pageOffset() {
    return pageOffset;
  }

  /** Returns the granule position of the page the last packet ended on. */
  long granule() {
    return granule;
  }

  /**
   * Returns the next packet, or null at the end of the stream. The array is reused: its
   * contents hold until the next call. {@code length[0]} receives the packet's length.
   */
  byte[] next(int[] length) throws OpusFormatException {
    int size = 0;
    boolean started = false;
    while (true) {
      if (segment >= segmentCount) {
        if (!readPage(started)) {
          if (started) {
            throw new OpusFormatException("Ogg stream ends inside a packet that page "
                + pageIndex + " (byte " + pageOffset + ") continues", position);
          }
          return null;
        }
        continue;
      }
      int lacing = data[segmentTable + segment] & 0xFF;
      segment++;
      if (size + lacing > packet.length) {
        packet = Arrays.copyOf(packet, Math.max(packet.length * 2, size + lacing));
      }
      System.arraycopy(data, payload, packet, size, lacing);
      payload += lacing;
      size += lacing;
      started = true;
      if (lacing < 255) {
        length[0] = size;
        return packet;
      }
    }
  }

  private boolean readPage(boolean continuing) throws OpusFormatException {
    while (true) {
      if (position == data.length) {
        return false;
      }
      int start = position;
      if (data.length - start < HEADER_BYTES) {
        throw new OpusFormatException("truncated Ogg page header at byte " + start + ": "
            + HEADER_BYTES + " bytes needed, " + (data.length - start) + " left", start);
      }
      if (data[start] != 'O' || data[start + 1] != 'g' || data[start + 2] != 'g'
          || data[start + 3] != 'S') {
        throw new OpusFormatException("corrupt Ogg stream: no page capture pattern \"OggS\" at"
            + " byte " + start, start);
      }
      if (data[start + 4] != 0) {
        throw new OpusFormatException("Ogg page at byte " + start + " has stream structure"
            + " version " + (data[start + 4] & 0xFF) + "; only 0 exists", start);
      }
      int flags = data[start + 5] & 0xFF;
      long pageGranule = le64(start + 6);
      int pageSerial = le32(start + 14);
      int storedCrc = le32(start + 22);
      int segments = data[start + 26] & 0xFF;
      if (data.length - start - HEADER_BYTES < segments) {
        throw new OpusFormatException("truncated Ogg page at byte " + start
            + ": its segment table does not fit", start);
      }
      int bodyBytes = 0;
      for (int i = 0; i < segments; i++) {
        bodyBytes += data[start + HEADER_BYTES + i] & 0xFF;
      }
      int end = start + HEADER_BYTES + segments + bodyBytes;
      if (end > data.length) {
        throw new OpusFormatException("truncated Ogg page at byte " + start + ": it declares "
            + bodyBytes + " bytes of data, " + (data.length - start - HEADER_BYTES - segments)
            + " are left", start);
      }
      int crc = OggCrc.update(0, data, start, 22);
      crc = OggCrc.update(crc, ZERO_CRC, 0, 4);
      crc = OggCrc.update(crc, data, start + 26, end - start - 26);
      if (crc != storedCrc) {
        throw new OpusFormatException("corrupt Ogg page at byte " + start + ": CRC "
            + String.format("%08X", crc) + " does not match the stored "
            + String.format("%08X", storedCrc), start);
      }
      position = end;
      if (pageIndex >= 0 && pageSerial != serial) {
        continue; // another logical stream, multiplexed beside ours
      }
      pageIndex++;
      serial = pageSerial;
      boolean continued = (flags & FLAG_CONTINUED) != 0;
      if (continued != continuing) {
        throw new OpusFormatException("Ogg page " + pageIndex + " at byte " + start
            + (continued ? " continues a packet that no page began"
                : " starts a new packet while the previous page's packet is unfinished"),
            start);
      }
      pageOffset = start;
      granule = pageGranule;
      segmentCount = segments;
      segment = 0;
      segmentTable = start + HEADER_BYTES;
      payload = segmentTable + segments;
      return true;
    }
  }

  private int le32(int o) {
    return (data[o] & 0xFF) | (data[o + 1] & 0xFF) << 8 | (data[o + 2] & 0xFF) << 16
        | (data[o + 3] & 0xFF) << 24;
  }

  private long le64(int o) {
    return (le32(o) & 0xFFFFFFFFL) | (long) le32(o + 4) << 32;
  }
}
