package io.remotemedia.pipeline.opus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Test fixture: an Ogg Opus file that expands as far as Opus lets it. Every audio packet is two
 * bytes (TOC code 3, six 20 ms CELT frames of 0 bytes each), which the decoder conceals as
 * 120 ms: 5,760 samples of 48 kHz mono per packet, about 7,400 per byte of file. Shared with the
 * server's tests through this module's test jar.
 */
public final class ConcealedPacketsOgg {
  /** Audio packets per page: the most lacing values a page holds. */
  public static final int PACKETS_PER_PAGE = 255;
  /** Samples each audio packet decodes to. */
  public static final int SAMPLES_PER_PACKET = 5760;

  private ConcealedPacketsOgg() {}

  /** {@return the file: the two header pages, then {@code pages} pages of audio packets} */
  public static byte[] file(int pages) {
    ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1)
        .putShort((short) 0).putInt(48000).putShort((short) 0).put((byte) 0);
    byte[] tags = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(0).array();
    OggOpusWriter.Pages out = new OggOpusWriter.Pages();
    out.add(head.array(), 0, 0x02);
    out.add(tags, 0, 0);
    byte[] lacing = new byte[PACKETS_PER_PAGE];
    byte[] body = new byte[2 * PACKETS_PER_PAGE];
    for (int i = 0; i < PACKETS_PER_PAGE; i++) {
      lacing[i] = 2;
      body[2 * i] = (byte) ((31 << 3) | 3); // CELT fullband 20 ms, code 3: several frames
      body[2 * i + 1] = 6; // six frames, constant bit rate, no padding: 0 bytes each
    }
    for (int p = 0; p < pages; p++) {
      long granule = (long) (p + 1) * PACKETS_PER_PAGE * SAMPLES_PER_PACKET;
      out.addLaced(lacing, body, granule, p == pages - 1 ? 0x04 : 0);
    }
    return out.bytes();
  }
}
