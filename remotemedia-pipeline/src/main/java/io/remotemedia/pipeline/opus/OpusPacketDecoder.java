package io.remotemedia.pipeline.opus;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusPacketInfo;

/**
 * Decodes a stream of Opus packets to interleaved float samples, through Concentus (a pure-Java
 * port of libopus). A missing packet is replaced by packet loss concealment ({@link
 * #conceal}), which extrapolates from the audio before it, so that the stream carries on.
 *
 * <pre>{@code
 * OpusPacketDecoder decoder = new OpusPacketDecoder(48000, 1);
 * float[] pcm = new float[decoder.maxFramesPerPacket()];
 * int frames = decoder.decode(packet, 0, packet.length, pcm, 0);
 * }</pre>
 *
 * <p>One instance per stream; not thread-safe. Decoding allocates nothing beyond what
 * Concentus allocates internally.
 */
public final class OpusPacketDecoder {
  private final OpusDecoder decoder;
  private final int sampleRateHz;
  private final int channelCount;
  private final short[] pcm;
  private long concealedPackets;

  /**
   * Creates a decoder.
   *
   * @param sampleRateHz the output rate: 8000, 12000, 16000, 24000 or 48000 (any packet decodes
   *     at any of them)
   * @param channelCount the output channels: 1 or 2
   * @throws IllegalArgumentException if Opus cannot decode to that rate or channel count
   */
  public OpusPacketDecoder(int sampleRateHz, int channelCount) {
    OpusRates.check(sampleRateHz, channelCount);
    try {
      this.decoder = new OpusDecoder(sampleRateHz, channelCount);
    } catch (OpusException e) {
      throw new IllegalArgumentException("Concentus refused " + sampleRateHz + " Hz x "
          + channelCount + " channels: " + e.getMessage(), e);
    }
    this.sampleRateHz = sampleRateHz;
    this.channelCount = channelCount;
    this.pcm = new short[maxFramesPerPacket() * channelCount];
  }

  /**
   * Returns the output rate.
   *
   * @return the sample rate in Hz
   */
  public int sampleRateHz() {
    return sampleRateHz;
  }

  /**
   * Returns the output channel count.
   *
   * @return 1 or 2
   */
  public int channelCount() {
    return channelCount;
  }

  /**
   * Returns the most frames one packet can decode to (120 ms), which sizes the output array.
   *
   * @return frames per channel
   */
  public int maxFramesPerPacket() {
    return sampleRateHz / 1000 * OpusRates.MAX_PACKET_MS;
  }

  /**
   * Returns how many frames a packet holds at this decoder's rate, without decoding it.
   *
   * @param packet the array holding the packet; not kept
   * @param offset where the packet starts
   * @param length the packet's length in bytes
   * @return frames per channel
   * @throws OpusFormatException if the packet's table of contents is malformed; the offset is
   *     {@code offset}
   */
  public int frameCount(byte[] packet, int offset, int length) throws OpusFormatException {
    int frames = length < 1 ? -1
        : OpusPacketInfo.getNumSamples(packet, offset, length, sampleRateHz);
    if (frames <= 0 || frames > maxFramesPerPacket()) {
      throw new OpusFormatException("malformed Opus packet of " + length + " bytes: its table"
          + " of contents does not describe 2.5 to 120 ms of audio", offset);
    }
    return frames;
  }

  /**
   * Decodes one packet.
   *
   * @param packet the array holding the packet; not kept
   * @param offset where the packet starts
   * @param length the packet's length in bytes; at least 1
   * @param out receives the interleaved samples, in [-1, 1); not kept; needs room for {@link
   *     #maxFramesPerPacket()} frames from {@code outOffset}
   * @param outOffset the first sample to write
   * @return the frames decoded
   * @throws OpusFormatException if the packet is corrupt; the offset is {@code offset}
   */
  public int decode(byte[] packet, int offset, int length, float[] out, int outOffset)
      throws OpusFormatException {
    frameCount(packet, offset, length); // Concentus trusts a packet's TOC; check it first
    int frames;
    try {
      frames = decoder.decode(packet, offset, length, pcm, 0, maxFramesPerPacket(), false);
    } catch (OpusException e) {
      throw new OpusFormatException("corrupt Opus packet of " + length + " bytes: "
          + e.getMessage(), offset);
    } catch (IndexOutOfBoundsException e) {
      // Concentus reads some malformed packets past their end instead of reporting them.
      throw new OpusFormatException("corrupt Opus packet of " + length + " bytes: it ends"
          + " before the frames its header declares", offset);
    }
    toFloat(frames, out, outOffset);
    return frames;
  }

  /**
   * Conceals one missing packet: produces {@code frameCount} frames that continue the audio
   * before it (Opus packet loss concealment), and counts it.
   *
   * @param frameCount the missing packet's duration in frames: a multiple of 2.5 ms, at most
   *     {@link #maxFramesPerPacket()}
   * @param out receives the interleaved samples; not kept
   * @param outOffset the first sample to write
   * @return the frames produced, {@code frameCount}
   * @throws IllegalArgumentException if {@code frameCount} is not a whole number of 2.5 ms
   *     steps up to 120 ms
   */
  public int conceal(int frameCount, float[] out, int outOffset) {
    int step = sampleRateHz / 400;
    if (frameCount <= 0 || frameCount % step != 0 || frameCount > maxFramesPerPacket()) {
      throw new IllegalArgumentException("a concealed packet lasts a multiple of " + step
          + " frames (2.5 ms) up to " + maxFramesPerPacket() + ", not " + frameCount);
    }
    int frames;
    try {
      frames = decoder.decode(null, 0, 0, pcm, 0, frameCount, false);
    } catch (OpusException e) {
      throw new IllegalStateException("Concentus failed to conceal " + frameCount
          + " frames: " + e.getMessage(), e);
    }
    concealedPackets++;
    toFloat(frames, out, outOffset);
    return frames;
  }

  /**
   * Returns how many packets {@link #conceal} has replaced since creation or {@link #reset}.
   *
   * @return the count of concealed packets
   */
  public long concealedPacketCount() {
    return concealedPackets;
  }

  /** Clears the decoder's state and counts for a new stream. */
  public void reset() {
    decoder.resetState();
    concealedPackets = 0;
  }

  private void toFloat(int frames, float[] out, int outOffset) {
    int samples = frames * channelCount;
    for (int i = 0; i < samples; i++) {
      out[outOffset + i] = pcm[i] / 32768f;
    }
  }
}
