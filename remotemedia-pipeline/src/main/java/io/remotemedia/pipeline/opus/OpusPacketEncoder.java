package io.remotemedia.pipeline.opus;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Encodes interleaved float samples to Opus packets of a fixed frame duration, through
 * Concentus, tuned for speech (the VoIP application mode).
 *
 * <pre>{@code
 * OpusPacketEncoder encoder = new OpusPacketEncoder(16000, 1, 20, 24000);
 * byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
 * int bytes = encoder.encode(pcm, 0, packet, 0); // pcm holds encoder.frameCount() frames
 * }</pre>
 *
 * <p>The encoder looks ahead {@link #lookaheadFrames()} frames: the decoded audio is delayed by
 * that much (Ogg Opus records it as the pre-skip). One instance per stream; not thread-safe.
 */
public final class OpusPacketEncoder {
  /** The largest packet this encoder writes, in bytes (3 frames of 1275 bytes and a header). */
  public static final int MAX_PACKET_BYTES = 4000;

  private final OpusEncoder encoder;
  private final int sampleRateHz;
  private final int channelCount;
  private final int frameCount;
  private final short[] pcm;

  /**
   * Creates an encoder.
   *
   * @param sampleRateHz the input rate: 8000, 12000, 16000, 24000 or 48000
   * @param channelCount the input channels: 1 or 2
   * @param frameDurationMs the duration of each packet: 10, 20, 40 or 60 ms
   * @param bitrateBps the target bit rate in bits per second, 6000 to 510000
   * @throws IllegalArgumentException if a value is outside what Opus accepts
   */
  public OpusPacketEncoder(int sampleRateHz, int channelCount, int frameDurationMs,
      int bitrateBps) {
    OpusRates.check(sampleRateHz, channelCount);
    checkSettings(frameDurationMs, bitrateBps);
    try {
      encoder = new OpusEncoder(sampleRateHz, channelCount,
          OpusApplication.OPUS_APPLICATION_VOIP);
    } catch (OpusException e) {
      throw new IllegalArgumentException("Concentus refused " + sampleRateHz + " Hz x "
          + channelCount + " channels: " + e.getMessage(), e);
    }
    encoder.setBitrate(bitrateBps);
    encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
    this.sampleRateHz = sampleRateHz;
    this.channelCount = channelCount;
    this.frameCount = sampleRateHz / 1000 * frameDurationMs;
    this.pcm = new short[frameCount * channelCount];
  }

  /**
   * Checks an encoder's settings before there is audio to code.
   *
   * @param frameDurationMs the duration of each packet: 10, 20, 40 or 60 ms
   * @param bitrateBps the target bit rate in bits per second, 6000 to 510000
   * @throws IllegalArgumentException naming the setting and its value if it is out of range
   */
  public static void checkSettings(long frameDurationMs, long bitrateBps) {
    if (frameDurationMs != 10 && frameDurationMs != 20 && frameDurationMs != 40
        && frameDurationMs != 60) {
      throw new IllegalArgumentException("the Opus frame duration must be 10, 20, 40 or 60 ms,"
          + " was " + frameDurationMs);
    }
    if (bitrateBps < 6000 || bitrateBps > 510_000) {
      throw new IllegalArgumentException("the Opus bit rate must be in [6000, 510000] bit/s,"
          + " was " + bitrateBps);
    }
  }

  /**
   * Returns the frames each packet codes.
   *
   * @return frames per channel per packet
   */
  public int frameCount() {
    return frameCount;
  }

  /**
   * Returns the input rate.
   *
   * @return the sample rate in Hz
   */
  public int sampleRateHz() {
    return sampleRateHz;
  }

  /**
   * Returns the input channel count.
   *
   * @return 1 or 2
   */
  public int channelCount() {
    return channelCount;
  }

  /**
   * Returns the encoder's algorithmic delay, by which decoded audio lags the input.
   *
   * @return the look-ahead in frames at the input rate
   */
  public int lookaheadFrames() {
    return encoder.getLookahead();
  }

  /**
   * Encodes {@link #frameCount()} frames into one packet. Samples beyond [-1, 1) clip.
   *
   * @param in the interleaved samples; not kept
   * @param inOffset the first sample to encode
   * @param packet receives the packet; not kept; needs {@link #MAX_PACKET_BYTES} from {@code
   *     packetOffset}
   * @param packetOffset where to write the packet
   * @return the packet's length in bytes
   */
  public int encode(float[] in, int inOffset, byte[] packet, int packetOffset) {
    for (int i = 0; i < pcm.length; i++) {
      int v = Math.round(in[inOffset + i] * 32768f);
      pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
    try {
      return encoder.encode(pcm, 0, frameCount, packet, packetOffset, MAX_PACKET_BYTES);
    } catch (OpusException e) {
      // Every argument was checked in the constructor; this is a bug, not bad input.
      throw new IllegalStateException("Concentus failed to encode: " + e.getMessage(), e);
    }
  }

  /** Clears the encoder's state for a new stream; the settings stay. */
  public void reset() {
    encoder.resetState();
  }
}
