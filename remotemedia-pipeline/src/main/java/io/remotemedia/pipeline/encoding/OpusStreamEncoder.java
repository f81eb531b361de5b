package io.remotemedia.pipeline.encoding;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.opus.OpusPacketEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Codes one sink's stream output as Opus packets of a fixed duration: the frames of a chunk
 * that do not fill a packet wait for the next chunk, and {@link #flush()} pads the last partial
 * packet with silence at the end of the stream. So the packets are the same however the output
 * was split into chunks. One instance per sink and stream; not thread-safe.
 */
final class OpusStreamEncoder {
  private final OpusPacketEncoder encoder;
  private final AudioFormat format;
  private final int packetDurationUs;
  /** The frames waiting for a whole packet, interleaved; {@code pendingFrames} are valid. */
  private final float[] pending;
  private final byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
  private int pendingFrames;

  /**
   * Creates the encoder for a sink whose output has {@code format}.
   *
   * @throws IllegalArgumentException when Opus cannot code the format or a setting
   */
  OpusStreamEncoder(AudioFormat format, OutputEncoding encoding) {
    this.encoder = new OpusPacketEncoder(format.sampleRateHz(), format.channelCount(),
        encoding.frameDurationMs(), encoding.bitrateBps());
    this.format = format;
    this.packetDurationUs = encoding.frameDurationMs() * 1000;
    this.pending = new float[encoder.frameCount() * format.channelCount()];
  }

  /** {@return the format this encoder codes; every chunk must have it} */
  AudioFormat format() {
    return format;
  }

  /** Codes the whole packets that {@code audio}, after the frames kept so far, completes. */
  EncodedAudio encode(AudioBuffer audio) {
    int channels = format.channelCount();
    float[] samples = audio.samples();
    int total = audio.frameCount() * channels;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] lengths = new int[(pendingFrames + audio.frameCount()) / encoder.frameCount()];
    int packets = 0;
    int read = 0;
    while (read < total) {
      int take = Math.min(total - read, pending.length - pendingFrames * channels);
      System.arraycopy(samples, read, pending, pendingFrames * channels, take);
      read += take;
      pendingFrames += take / channels;
      if (pendingFrames == encoder.frameCount()) {
        lengths[packets++] = writePacket(out);
      }
    }
    return packets(out, lengths);
  }

  /** Codes the frames still kept, padded with silence to a whole packet; none if none kept. */
  EncodedAudio flush() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (pendingFrames == 0) {
      return packets(out, new int[0]);
    }
    Arrays.fill(pending, pendingFrames * format.channelCount(), pending.length, 0f);
    return packets(out, new int[] {writePacket(out)});
  }

  /** {@return the frames one packet decodes to} */
  int framesPerPacket() {
    return encoder.frameCount();
  }

  private int writePacket(ByteArrayOutputStream out) {
    int length = encoder.encode(pending, 0, packet, 0);
    out.write(packet, 0, length);
    pendingFrames = 0;
    return length;
  }

  private EncodedAudio packets(ByteArrayOutputStream out, int[] lengths) {
    return EncodedAudio.opusPackets(out.toByteArray(), lengths, packetDurationUs,
        format.sampleRateHz(), format.channelCount());
  }
}
