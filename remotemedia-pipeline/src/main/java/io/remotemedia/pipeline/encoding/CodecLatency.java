package io.remotemedia.pipeline.encoding;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.opus.OpusPacketEncoder;

/**
 * The latency an edge adapter adds: a decoder in front of a source or an encoder behind a sink.
 *
 * <p>G.711 codes each sample on its own: no latency. Opus codes whole frames, so the encoder
 * buffers one frame before it can send a packet, and it looks ahead {@link #lookaheadFrames()}
 * (libopus and Concentus: 2.5 ms plus a 4 ms delay compensation, 6.5 ms at every rate) by which
 * the decoded audio lags the input. Each coded edge has one encoder and one decoder (one of them
 * on the client), so its latency is one frame plus the look-ahead. Raw Opus packets keep the
 * look-ahead in the decoded samples ({@link #delayFrames()}); an Ogg Opus file records it as the
 * pre-skip, which the decoder drops, so its samples line up with the input.
 *
 * <pre>{@code
 * CodecLatency opus = CodecLatency.forEncoder(AudioFormat.f32(16000, 1),
 *     OutputEncoding.of(AudioEncoding.OPUS_PACKETS), "output_encodings[\"out\"]");
 * opus.latencyMs(); // 26.5: 20 ms frame + 6.5 ms look-ahead
 * }</pre>
 *
 * @param encoding the encoding
 * @param sampleRateHz the rate of the decoded audio
 * @param frameDurationUs the duration of one coded frame (Opus packet) in microseconds; 0 for
 *     G.711
 * @param lookaheadFrames the encoder's look-ahead, in frames at {@code sampleRateHz}; 0 for G.711
 * @param delayFrames how far the decoded samples lag the input, in frames at {@code
 *     sampleRateHz}: the look-ahead for raw Opus packets, 0 for Ogg Opus and G.711
 */
public record CodecLatency(AudioEncoding encoding, int sampleRateHz, int frameDurationUs,
    int lookaheadFrames, int delayFrames) {

  /**
   * Returns the edge's algorithmic latency: the frame the encoder buffers plus its look-ahead.
   *
   * @return the latency in milliseconds
   */
  public double latencyMs() {
    return frameDurationUs / 1000.0 + lookaheadFrames * 1000.0 / sampleRateHz;
  }

  /**
   * Returns the latency of the decoder in front of a source, checking the input as decoding it
   * would.
   *
   * @param decoded the format the input decodes to (rate, channels, and the grid it is declared
   *     on)
   * @param input how the input is coded; not PCM
   * @param where names the input in error messages, for example {@code inputs["in"]}
   * @return the latency
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO, with the message
   *     decoding such an input gives: Opus at a rate or channel count it cannot decode to, Ogg
   *     Opus at another rate than 48000 Hz, or a packet duration that is not a multiple of
   *     2500 us up to 120000
   */
  public static CodecLatency forDecoder(AudioFormat decoded, InputEncoding input, String where) {
    int rate = decoded.sampleRateHz();
    AudioEncoding encoding = input.encoding();
    return switch (encoding) {
      case MU_LAW, A_LAW -> new CodecLatency(encoding, rate, 0, 0, 0);
      case OGG_OPUS, OPUS_PACKETS -> {
        if (encoding == AudioEncoding.OGG_OPUS) {
          EncodedAudioCodec.checkOggOpusRate(rate, where);
        }
        EncodedAudioCodec.opusDecoder(rate, decoded.channelCount(), where);
        checkPacketDurationUs(input.packetDurationUs(), where);
        int lookahead = lookaheadFrames(decoded);
        yield new CodecLatency(encoding, rate, input.packetDurationUs(), lookahead,
            encoding == AudioEncoding.OGG_OPUS ? 0 : lookahead);
      }
      case PCM -> throw new IllegalArgumentException("PCM is not coded");
    };
  }

  /**
   * Returns the latency of the encoder behind a sink, checking the sink's output as coding it
   * would.
   *
   * @param output the sink's output format
   * @param encoding how the sink's output is asked for; not PCM
   * @param where names the output in error messages, for example {@code
   *     output_encodings["out"]}
   * @return the latency
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO, with the message
   *     coding such output gives: Opus at a rate or channel count it cannot code, or a bit rate
   *     or frame duration out of range
   */
  public static CodecLatency forEncoder(AudioFormat output, OutputEncoding encoding,
      String where) {
    int rate = output.sampleRateHz();
    return switch (encoding.encoding()) {
      case MU_LAW, A_LAW -> new CodecLatency(encoding.encoding(), rate, 0, 0, 0);
      case OGG_OPUS, OPUS_PACKETS -> {
        OpusPacketEncoder encoder = EncodedAudioCodec.opusEncoder(output, encoding, where);
        int lookahead = encoder.lookaheadFrames();
        yield new CodecLatency(encoding.encoding(), rate, encoding.frameDurationMs() * 1000,
            lookahead, encoding.encoding() == AudioEncoding.OGG_OPUS ? 0 : lookahead);
      }
      case PCM -> throw new IllegalArgumentException("PCM is not coded");
    };
  }

  /** The look-ahead of the encoder that made the input: a Concentus encoder's at its format. */
  private static int lookaheadFrames(AudioFormat decoded) {
    return new OpusPacketEncoder(decoded.sampleRateHz(), decoded.channelCount(),
        OutputEncoding.DEFAULT_FRAME_DURATION_MS, OutputEncoding.DEFAULT_BITRATE_BPS)
        .lookaheadFrames();
  }

  private static void checkPacketDurationUs(int durationUs, String where) {
    if (durationUs <= 0 || durationUs % 2500 != 0 || durationUs > 120_000) {
      throw EncodedAudioCodec.invalid(where + ": packet_duration_us must be a multiple of 2500"
          + " up to 120000, was " + Integer.toUnsignedString(durationUs));
    }
  }
}
