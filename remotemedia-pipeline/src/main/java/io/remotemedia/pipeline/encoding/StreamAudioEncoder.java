package io.remotemedia.pipeline.encoding;

import io.remotemedia.audio.AudioBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Codes the sinks' outputs of one stream, chunk by chunk, as the stream's output encodings ask:
 * G.711 sample by sample, Opus as raw packets of a fixed duration with one encoder per sink
 * that keeps its state (and a partial packet) from chunk to chunk. {@link #finish(Map)} codes
 * the tails and flushes the last partial packets. The coded bytes do not depend on how the
 * output was split into chunks.
 *
 * <pre>{@code
 * StreamAudioEncoder encoder = new StreamAudioEncoder(Map.of("vad",
 *     OutputEncoding.of(AudioEncoding.OPUS_PACKETS)));           // one per stream
 * Map<String, EncodedAudio> coded = encoder.encode(result.audioOutputs());
 * Map<String, EncodedAudio> tails = encoder.finish(finished.audioOutputs());
 * }</pre>
 *
 * <p>One instance per stream; not thread-safe (a stream's results come one at a time).
 */
public final class StreamAudioEncoder {
  private final Map<String, OutputEncoding> encodings;
  private final Map<String, OpusStreamEncoder> opus = new HashMap<>();

  /**
   * Creates the encoders' configuration; Opus encoders are made at each sink's first output.
   *
   * @param encodings how to code each sink's output, keyed by sink id; PCM entries are ignored
   */
  public StreamAudioEncoder(Map<String, OutputEncoding> encodings) {
    this.encodings = Map.copyOf(encodings);
  }

  /**
   * Codes one chunk's outputs.
   *
   * @param outputs the sinks' audio for one chunk; not kept
   * @return the coded audio of each sink that has an encoding and an output; an Opus sink whose
   *     output has not yet filled a packet gets an entry with no packets
   * @throws io.remotemedia.pipeline.PipelineException INVALID_AUDIO naming the sink ({@code
   *     audio_outputs["vad"]}) when Opus cannot code its rate or channels, a setting is out of
   *     range, or its format changes during the stream
   */
  public Map<String, EncodedAudio> encode(Map<String, AudioBuffer> outputs) {
    if (encodings.isEmpty()) {
      return Map.of(); // A PCM stream: nothing to code, nothing to allocate per chunk.
    }
    Map<String, EncodedAudio> coded = new LinkedHashMap<>();
    outputs.forEach((sink, audio) -> {
      OutputEncoding encoding = encodings.get(sink);
      if (encoding != null && encoding.encoding() != AudioEncoding.PCM) {
        coded.put(sink, encode(sink, audio, encoding));
      }
    });
    return coded;
  }

  /**
   * Codes the tails at the end of the stream and flushes every Opus encoder's partial packet,
   * padded with silence.
   *
   * @param tails the sinks' tails; not kept
   * @return the coded tail of every coded sink that had output during the stream or now
   * @throws io.remotemedia.pipeline.PipelineException as {@link #encode(Map)}
   */
  public Map<String, EncodedAudio> finish(Map<String, AudioBuffer> tails) {
    Map<String, EncodedAudio> coded = encode(tails);
    opus.forEach((sink, encoder) -> {
      EncodedAudio flushed = encoder.flush();
      EncodedAudio before = coded.get(sink);
      coded.put(sink, before == null ? flushed : concat(before, flushed));
    });
    return coded;
  }

  /**
   * {@return how many frames the coded audio of {@code audio} decodes to: packets times the
   * packet's frames for Opus, the samples per channel for G.711}
   *
   * @param audio coded audio this encoder produced
   */
  public static long decodedFrames(EncodedAudio audio) {
    if (audio.encoding() == AudioEncoding.OPUS_PACKETS) {
      return (long) audio.packetLengths().length * audio.packetDurationUs()
          * audio.sampleRateHz() / 1_000_000;
    }
    return audio.bytes().length / Math.max(1, audio.channelCount());
  }

  private EncodedAudio encode(String sink, AudioBuffer audio, OutputEncoding encoding) {
    String where = "audio_outputs[\"" + sink + "\"]";
    if (encoding.encoding() != AudioEncoding.OPUS_PACKETS) {
      return EncodedAudioCodec.encode(audio, encoding, where);
    }
    OpusStreamEncoder encoder = opus.get(sink);
    if (encoder == null) {
      try {
        encoder = new OpusStreamEncoder(audio.format(), encoding);
      } catch (IllegalArgumentException e) {
        throw EncodedAudioCodec.invalid(where + ": cannot code " + audio.format() + " as "
            + encoding.encoding() + ": " + e.getMessage());
      }
      opus.put(sink, encoder);
    } else if (!encoder.format().equals(audio.format())) {
      throw EncodedAudioCodec.invalid(where + ": the sink's output changed from "
          + encoder.format() + " to " + audio.format() + " during the stream");
    }
    return encoder.encode(audio);
  }

  private static EncodedAudio concat(EncodedAudio a, EncodedAudio b) {
    byte[] bytes = new byte[a.bytes().length + b.bytes().length];
    System.arraycopy(a.bytes(), 0, bytes, 0, a.bytes().length);
    System.arraycopy(b.bytes(), 0, bytes, a.bytes().length, b.bytes().length);
    int[] lengths = new int[a.packetLengths().length + b.packetLengths().length];
    System.arraycopy(a.packetLengths(), 0, lengths, 0, a.packetLengths().length);
    System.arraycopy(b.packetLengths(), 0, lengths, a.packetLengths().length,
        b.packetLengths().length);
    return EncodedAudio.opusPackets(bytes, lengths, a.packetDurationUs(), a.sampleRateHz(),
        a.channelCount());
  }
}
