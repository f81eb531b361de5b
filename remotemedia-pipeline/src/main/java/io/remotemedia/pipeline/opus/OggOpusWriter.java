package io.remotemedia.pipeline.opus;

import io.remotemedia.audio.AudioBuffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes audio to a whole Ogg Opus file (RFC 7845): an {@code OpusHead} page, an {@code
 * OpusTags} page, then audio pages of up to 50 packets (one second at 20 ms), the last marked
 * end-of-stream with the granule position that trims the final packet's padding.
 *
 * <pre>{@code
 * byte[] file = OggOpusWriter.encode(audio, 20, 24000); // audio at 8/12/16/24/48 kHz, 1-2 ch
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class OggOpusWriter {
  private static final int PACKETS_PER_PAGE = 50;
  private static final int MAX_SEGMENTS = 255;
  private static final int SERIAL = 0x52454D44; // "REMD"

  private OggOpusWriter() {}

  /**
   * Encodes {@code audio} to an Ogg Opus file.
   *
   * @param audio mono or stereo audio at 8, 12, 16, 24 or 48 kHz; not kept
   * @param frameDurationMs each packet's duration: 10, 20, 40 or 60
   * @param bitrateBps the target bit rate in bits per second, 6000 to 510000
   * @return the file's bytes
   * @throws IllegalArgumentException if Opus cannot code the format or a setting is out of
   *     range
   */
  public static byte[] encode(AudioBuffer audio, int frameDurationMs, int bitrateBps) {
    int rate = audio.format().sampleRateHz();
    int channels = audio.format().channelCount();
    OpusPacketEncoder encoder = new OpusPacketEncoder(rate, channels, frameDurationMs,
        bitrateBps);
    int to48k = 48000 / rate;
    int preSkip = encoder.lookaheadFrames() * to48k;
    Pages pages = new Pages();
    pages.add(head(channels, preSkip, rate), 0, 0x02);
    pages.add(tags(), 0, 0);

    int frameCount = encoder.frameCount();
    float[] frame = new float[frameCount * channels];
    byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    ByteArrayOutputStream pageBody = new ByteArrayOutputStream();
    ByteArrayOutputStream lacing = new ByteArrayOutputStream();
    int packetsInPage = 0;
    long granule = preSkip;
    long endGranule = preSkip + (long) audio.frameCount() * to48k;
    float[] samples = audio.samples();
    // Encode past the end by the look-ahead, so that the last input frames come out too.
    long framesToEncode = audio.frameCount() + encoder.lookaheadFrames();
    for (long done = 0; done < framesToEncode || done == 0; done += frameCount) {
      int available = (int) Math.max(0, Math.min(frameCount, audio.frameCount() - done));
      Arrays.fill(frame, 0f);
      if (available > 0) {
        System.arraycopy(samples, (int) done * channels, frame, 0, available * channels);
      }
      int bytes = encoder.encode(frame, 0, packet, 0);
      if (lacing.size() + bytes / 255 + 1 > MAX_SEGMENTS) {
        // A page holds at most 255 lacing values: close it before this packet.
        pages.addLaced(lacing.toByteArray(), pageBody.toByteArray(), granule, 0);
        pageBody.reset();
        lacing.reset();
        packetsInPage = 0;
      }
      pageBody.write(packet, 0, bytes);
      Pages.lace(bytes, lacing);
      packetsInPage++;
      granule += (long) frameCount * to48k;
      boolean last = done + frameCount >= framesToEncode;
      if (packetsInPage == PACKETS_PER_PAGE || last) {
        pages.addLaced(lacing.toByteArray(), pageBody.toByteArray(),
            last ? endGranule : granule, last ? 0x04 : 0);
        pageBody.reset();
        lacing.reset();
        packetsInPage = 0;
      }
    }
    return pages.bytes();
  }

  private static byte[] head(int channels, int preSkip, int inputRateHz) {
    ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    b.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) channels)
        .putShort((short) preSkip).putInt(inputRateHz).putShort((short) 0).put((byte) 0);
    return b.array();
  }

  private static byte[] tags() {
    byte[] vendor = "remotemedia (Concentus)".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor)
        .putInt(0);
    return b.array();
  }

  /** Builds pages (RFC 3533 section 6) in sequence; also the tests' way to write odd files. */
  static final class Pages {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int sequence;

    /** Adds a page holding one packet, which must be shorter than 255 x 255 bytes. */
    void add(byte[] packet, long granule, int flags) {
      ByteArrayOutputStream lacing = new ByteArrayOutputStream();
      lace(packet.length, lacing);
      addLaced(lacing.toByteArray(), packet, granule, flags);
    }

    /** Writes the lacing values of a packet of {@code length} bytes: 255s, then the rest. */
    static void lace(int length, ByteArrayOutputStream lacing) {
      for (int left = length; ; left -= 255) {
        lacing.write(Math.min(left, 255));
        if (left < 255) {
          break;
        }
      }
    }

    void addLaced(byte[] lacing, byte[] body, long granule, int flags) {
      ByteBuffer header = ByteBuffer.allocate(27 + lacing.length).order(ByteOrder.LITTLE_ENDIAN);
      header.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags)
          .putLong(granule).putInt(SERIAL).putInt(sequence++).putInt(0)
          .put((byte) lacing.length).put(lacing);
      byte[] h = header.array();
      int crc = OggCrc.update(OggCrc.update(0, h, 0, h.length), body, 0, body.length);
      ByteBuffer.wrap(h, 22, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
      out.writeBytes(h);
      out.writeBytes(body);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
