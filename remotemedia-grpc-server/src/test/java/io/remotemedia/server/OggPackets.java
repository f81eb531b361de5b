package io.remotemedia.server;

import io.remotemedia.pipeline.encoding.EncodedAudio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: the raw Opus packets of an Ogg Opus file (RFC 7845), without its two header
 * packets, so a test can send an ffmpeg-encoded file as a stream of packets. Trusts the file
 * (no CRC check): the fixtures are known good.
 */
final class OggPackets {
  private OggPackets() {}

  /**
   * {@return the audio packets of the ffmpeg-encoded speech fixture (audio-core's test
   * resource {@code io/remotemedia/audio/speech/speech-16k.opus}: 3.4 s, 20 ms packets)}
   */
  static List<byte[]> speech() {
    try (InputStream in = OggPackets.class
        .getResourceAsStream("/io/remotemedia/audio/speech/speech-16k.opus")) {
      if (in == null) {
        throw new AssertionError("speech-16k.opus is not on the test class path");
      }
      return audioPackets(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@return the packets grouped into chunks of the given packet counts (cycling through
   * them), as Opus-packet audio of {@code packetDurationUs} decoding at {@code sampleRateHz}
   * mono}
   */
  static List<EncodedAudio> chunks(List<byte[]> packets, int[] sizes, int packetDurationUs,
      int sampleRateHz) {
    List<EncodedAudio> chunks = new ArrayList<>();
    int next = 0;
    for (int i = 0; next < packets.size(); i++) {
      int count = Math.min(sizes[i % sizes.length], packets.size() - next);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int[] lengths = new int[count];
      for (int p = 0; p < count; p++) {
        byte[] packet = packets.get(next + p);
        lengths[p] = packet.length;
        bytes.writeBytes(packet);
      }
      chunks.add(EncodedAudio.opusPackets(bytes.toByteArray(), lengths, packetDurationUs,
          sampleRateHz, 1));
      next += count;
    }
    return chunks;
  }

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
