package io.remotemedia.pipeline.opus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits an Ogg stream (RFC 3533) into the packets of its first logical stream, page by page,
 * checking each page's capture pattern, version and CRC. Pages of streams multiplexed beside it
 * are skipped; a stream chained after it (a first page after pages of data) is refused, not
 * skipped, so that a chained file is not read as its first link alone. It reads one page ahead
 * of the packets it returns, so that it can tell when a packet ended on the stream's last page
 * ({@link #onLastPage()}); at most two pages (128 KiB) are held, and the packet being
 * returned, up to the reader's limit on a packet. Not thread-safe; one per stream.
 */
final class OggPacketReader {
  private static final int HEADER_BYTES = 27;
  private static final int FLAG_CONTINUED = 0x01;
  private static final int FLAG_BEGINS = 0x02;
  private static final byte[] ZERO_CRC = new byte[4];

  private final InputStream in;
  private final int maxPacketBytes;
  /** Bytes read from {@code in}: the offset of the next page. */
  private long position;
  private int pageIndex = -1;
  private int serial;
  private boolean serialKnown;
  /** Whether a page that does not begin a stream was read: the first pages are behind. */
  private boolean pastFirstPages;
  /** A page's header and segment table as they are read. */
  private final byte[] head = new byte[HEADER_BYTES + 255];
  /** The page whose packets are being returned, and the page after it, or null at the end. */
  private Page page;
  private Page ahead;
  private boolean aheadRead;
  private int segment;
  private int payload;
  private byte[] packet = new byte[1024];

  /**
   * @param in the stream, at its first page
   * @param maxPacketBytes the largest packet returned: a packet continued page after page is
   *     otherwise held whole, however long its pages go on
   */
  OggPacketReader(InputStream in, int maxPacketBytes) {
    this.in = in;
    this.maxPacketBytes = maxPacketBytes;
  }

  /** One page of the logical stream: its bytes, where it starts, and its header's fields. */
  private record Page(byte[] bytes, long offset, int flags, long granule, int segments) {
    int lacing(int segment) {
      return bytes[HEADER_BYTES + segment] & 0xFF;
    }
  }

  /** Returns the index of the page the last packet ended on, from 0. */
  int pageIndex() {
    return pageIndex;
  }

  /** Returns the byte offset of the page the last packet ended on. */
  long pageOffset() {
    return page == null ? 0 : page.offset();
  }

  /** Returns the granule position of the page the last packet ended on. */
  long granule() {
    return page == null ? -1 : page.granule();
  }

  /** {@return whether the last packet ended on the stream's last page} */
  boolean onLastPage() throws IOException {
    return peek() == null;
  }

  /**
   * Returns the next packet, or null at the end of the stream. The array is reused: its
   * contents hold until the next call. {@code length[0]} receives the packet's length.
   */
  byte[] next(int[] length) throws IOException {
    int size = 0;
    boolean started = false;
    while (true) {
      if (page == null || segment >= page.segments()) {
        if (!advance(started)) {
          if (started) {
            throw new OpusFormatException("Ogg stream ends inside a packet that page "
                + pageIndex + " (byte " + page.offset() + ") continues", position);
          }
          return null;
        }
        continue;
      }
      int lacing = page.lacing(segment);
      segment++;
      if (lacing > maxPacketBytes - size) {
        throw new OpusFormatException("Ogg packet continued to page " + pageIndex + " (byte "
            + page.offset() + ") is larger than the limit of " + maxPacketBytes + " bytes",
            page.offset());
      }
      if (size + lacing > packet.length) {
        packet = Arrays.copyOf(packet,
            (int) Math.min(maxPacketBytes, Math.max(packet.length * 2L, size + lacing)));
      }
      System.arraycopy(page.bytes(), payload, packet, size, lacing);
      payload += lacing;
      size += lacing;
      started = true;
      if (lacing < 255) {
        length[0] = size;
        return packet;
      }
    }
  }

  /** Moves to the next page of the stream; false at the end. */
  private boolean advance(boolean continuing) throws IOException {
    Page next = peek();
    if (next == null) {
      return false;
    }
    aheadRead = false;
    ahead = null;
    pageIndex++;
    boolean continued = (next.flags() & FLAG_CONTINUED) != 0;
    if (continued != continuing) {
      throw new OpusFormatException("Ogg page " + pageIndex + " at byte " + next.offset()
          + (continued ? " continues a packet that no page began"
              : " starts a new packet while the previous page's packet is unfinished"),
          next.offset());
    }
    page = next;
    segment = 0;
    payload = HEADER_BYTES + next.segments();
    return true;
  }

  /** {@return the page after the current one, read once; null at the end of the stream} */
  private Page peek() throws IOException {
    if (!aheadRead) {
      ahead = readPage();
      aheadRead = true;
    }
    return ahead;
  }

  /** Reads the next page of the logical stream, skipping other streams'; null at the end. */
  private Page readPage() throws IOException {
    while (true) {
      long start = position;
      int got = readInto(head, 0, HEADER_BYTES);
      if (got == 0) {
        return null;
      }
      if (got < HEADER_BYTES) {
        throw new OpusFormatException("truncated Ogg page header at byte " + start + ": "
            + HEADER_BYTES + " bytes needed, " + got + " left", start);
      }
      if (head[0] != 'O' || head[1] != 'g' || head[2] != 'g' || head[3] != 'S') {
        throw new OpusFormatException("corrupt Ogg stream: no page capture pattern \"OggS\" at"
            + " byte " + start, start);
      }
      if (head[4] != 0) {
        throw new OpusFormatException("Ogg page at byte " + start + " has stream structure"
            + " version " + (head[4] & 0xFF) + "; only 0 exists", start);
      }
      int segments = head[26] & 0xFF;
      if (readInto(head, HEADER_BYTES, segments) < segments) {
        throw new OpusFormatException("truncated Ogg page at byte " + start
            + ": its segment table does not fit", start);
      }
      int bodyBytes = 0;
      for (int i = 0; i < segments; i++) {
        bodyBytes += head[HEADER_BYTES + i] & 0xFF;
      }
      int headBytes = HEADER_BYTES + segments;
      byte[] bytes = Arrays.copyOf(head, headBytes + bodyBytes);
      int body = readInto(bytes, headBytes, bodyBytes);
      if (body < bodyBytes) {
        throw new OpusFormatException("truncated Ogg page at byte " + start + ": it declares "
            + bodyBytes + " bytes of data, " + body + " are left", start);
      }
      int storedCrc = le32(bytes, 22);
      int crc = OggCrc.update(0, bytes, 0, 22);
      crc = OggCrc.update(crc, ZERO_CRC, 0, 4);
      crc = OggCrc.update(crc, bytes, 26, bytes.length - 26);
      if (crc != storedCrc) {
        throw new OpusFormatException("corrupt Ogg page at byte " + start + ": CRC "
            + String.format("%08X", crc) + " does not match the stored "
            + String.format("%08X", storedCrc), start);
      }
      int pageSerial = le32(bytes, 14);
      if ((head[5] & FLAG_BEGINS) == 0) {
        pastFirstPages = true;
      } else if (pastFirstPages) {
        // Every stream of a multiplexed file begins before any data (RFC 3533 section 4): a
        // stream that begins later is chained after the first, whose audio then ends.
        throw new OpusFormatException("chained Ogg stream: a second logical stream begins at"
            + " byte " + start + " (serial " + String.format("%08X", pageSerial) + "), after"
            + " the first one's audio; chained files are not read. Decode it to WAV with"
            + " another tool (opusdec, ffmpeg) or split its links", start);
      }
      if (serialKnown && pageSerial != serial) {
        continue; // another logical stream, multiplexed beside ours
      }
      if (serialKnown && segments == 0) {
        // No packet data (an encoder's empty end-of-stream page): the last page, whose granule
        // position trims the end, is the last one that ends a packet.
        continue;
      }
      serial = pageSerial;
      serialKnown = true;
      long granule = (le32(bytes, 6) & 0xFFFFFFFFL) | (long) le32(bytes, 10) << 32;
      return new Page(bytes, start, head[5] & 0xFF, granule, segments);
    }
  }

  /** Reads up to {@code count} bytes into {@code into} from {@code offset}: fewer at the end. */
  private int readInto(byte[] into, int offset, int count) throws IOException {
    int got = in.readNBytes(into, offset, count);
    position += got;
    return got;
  }

  private static int le32(byte[] data, int o) {
    return (data[o] & 0xFF) | (data[o + 1] & 0xFF) << 8 | (data[o + 2] & 0xFF) << 16
        | (data[o + 3] & 0xFF) << 24;
  }
}
