package io.remotemedia.bench.codec;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.opus.OpusPacketEncoder;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The encodings {@link StreamBandwidth} compares: how the client codes each 20 ms chunk it
 * sends, and the encoding it asks for the sink's output in (the same one).
 */
enum WireEncoding {
  /** 32-bit float PCM both ways: the reference. */
  PCM_F32("PCM F32", SampleFormat.F32, null),
  /** 16-bit PCM both ways. */
  PCM_I16("PCM I16", SampleFormat.I16, null),
  /** G.711 μ-law both ways, one byte per sample. */
  MU_LAW("G.711 μ-law", SampleFormat.I16, OutputEncoding.of(AudioEncoding.MU_LAW)),
  /** G.711 A-law both ways, one byte per sample. */
  A_LAW("G.711 A-law", SampleFormat.I16, OutputEncoding.of(AudioEncoding.A_LAW)),
  /** Opus packets of 20 ms at 24 kbit/s both ways. */
  OPUS_24K("Opus 24 kbit/s", SampleFormat.I16, opus(/* bitrateBps= */ 24_000)),
  /** Opus packets of 20 ms at 12 kbit/s both ways. */
  OPUS_12K("Opus 12 kbit/s", SampleFormat.I16, opus(/* bitrateBps= */ 12_000));

  /** The chunk duration every encoding is sent in, and the Opus packet duration. */
  static final int CHUNK_MS = 20;

  private final String label;
  private final SampleFormat sampleFormat;
  private final OutputEncoding coded;

  WireEncoding(String label, SampleFormat sampleFormat, OutputEncoding coded) {
    this.label = label;
    this.sampleFormat = sampleFormat;
    this.coded = coded;
  }

  private static OutputEncoding opus(int bitrateBps) {
    return new OutputEncoding(AudioEncoding.OPUS_PACKETS, bitrateBps, CHUNK_MS);
  }

  /** {@return the name the report prints} */
  String label() {
    return label;
  }

  /**
   * {@return the session's input format at {@code sampleRateHz} mono: the PCM grid of the
   * chunks, or the grid coded chunks decode onto}
   */
  AudioFormat inputFormat(int sampleRateHz) {
    return new AudioFormat(sampleRateHz, /* channelCount= */ 1, sampleFormat);
  }

  /** {@return the sink output encodings to ask for: none for PCM} */
  Map<String, OutputEncoding> outputEncodings(String sink) {
    return Optional.ofNullable(coded).map(c -> Map.of(sink, c)).orElse(Map.of());
  }

  /**
   * {@return a sender for one stream: it codes each chunk as this encoding says and sends it;
   * Opus keeps one encoder for the stream, as a real client does}
   */
  ChunkSender newSender() {
    if (coded == null) {
      return (session, chunk) -> session.send(AudioBuffer.of(
          new AudioFormat(chunk.format().sampleRateHz(), chunk.format().channelCount(),
              sampleFormat), chunk.samples(), chunk.frameCount()));
    }
    if (!coded.encoding().isOpus()) {
      return (session, chunk) -> session.send(
          EncodedAudioCodec.encode(chunk, coded, "chunk"));
    }
    return new OpusSender(coded.bitrateBps());
  }

  /** Codes and sends one chunk of a stream. Not thread-safe: one per stream. */
  @FunctionalInterface
  interface ChunkSender {
    /**
     * Codes {@code chunk} and sends it on {@code session}.
     *
     * @param session the open session
     * @param chunk one chunk of mono float audio at the session's rate
     */
    void send(RemoteStreamSession session, AudioBuffer chunk);
  }

  /** One Opus packet per 20 ms chunk, from one encoder for the whole stream. */
  private static final class OpusSender implements ChunkSender {
    private final int bitrateBps;
    private final byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    private OpusPacketEncoder encoder;

    OpusSender(int bitrateBps) {
      this.bitrateBps = bitrateBps;
    }

    @Override
    public void send(RemoteStreamSession session, AudioBuffer chunk) {
      int rateHz = chunk.format().sampleRateHz();
      if (encoder == null) {
        encoder = new OpusPacketEncoder(rateHz, /* channelCount= */ 1, CHUNK_MS, bitrateBps);
      }
      int length = encoder.encode(chunk.samples(), 0, packet, 0);
      session.send(EncodedAudio.opusPackets(Arrays.copyOf(packet, length), new int[] {length},
          CHUNK_MS * 1000, rateHz, /* channelCount= */ 1));
    }
  }
}
