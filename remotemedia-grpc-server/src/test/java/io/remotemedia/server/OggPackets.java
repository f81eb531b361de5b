package io.remotemedia.server;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: the raw Opus packets of an Ogg Opus file (RFC 7845), without its two header
 * packets, so a test can send an ffmpeg-encoded file as a stream of packets. Trusts the file
 * (no CRC check): the fixtures are known good.
 */
final class OggPackets {
  private OggPackets() {}

  /** {@return the audio packets of {@code ogg}, in order} */
  static List<byte[]> audioPackets(byte[] ogg) {
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    int position = 0;
    while (position + 27 <= ogg.length) {
      int segments = ogg[position + 26] & 0xFF;
      int body = position + 27 + segments;
      for (int i = 0; i < segments; i++) {
        int lacing = ogg[position + 27 + i] & 0xFF;
        packet.write(ogg, body, lacing);
        body += lacing;
        if (lacing < 255) {
          packets.add(packet.toByteArray());
          packet.reset();
        }
      }
      position = body;
    }
    return packets.subList(2, packets.size()); // OpusHead and OpusTags
  }
}
