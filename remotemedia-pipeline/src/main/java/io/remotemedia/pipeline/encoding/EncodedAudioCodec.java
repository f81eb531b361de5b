package io.remotemedia.pipeline.encoding;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.g711.G711Law;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.opus.OggOpusAudio;
import io.remotemedia.pipeline.opus.OggOpusReader;
import io.remotemedia.pipeline.opus.OggOpusWriter;
import io.remotemedia.pipeline.opus.OpusFormatException;
import io.remotemedia.pipeline.opus.OpusPacketDecoder;
import io.remotemedia.pipeline.opus.OpusPacketEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Decodes {@link EncodedAudio} to float samples and codes a sink's output as an {@link
 * OutputEncoding} asks: the edge adapters in front of a pipeline's sources and behind its
 * sinks.
 *
 * <p>G.711 codes every sample on its own, so any split of a stream into chunks decodes to the
 * same samples. Opus codes whole packets: a stream stays chunk-invariant as long as each chunk
 * holds whole packets, which the wire guarantees by carrying packets, not bytes.
 *
 * <pre>{@code
 * AudioBuffer pcm = EncodedAudioCodec.decode(encoded, SampleFormat.I16, "audio_inputs[\"in\"]");
 * EncodedAudio opus = EncodedAudioCodec.encode(pcm, OutputEncoding.of(AudioEncoding.OGG_OPUS),
 *     "audio_outputs[\"out\"]");
 * }</pre>
 *
 * <p>Stateless and thread-safe; each call makes its own Opus coder.
 */
public final class EncodedAudioCodec {
  /**
   * The most samples one coded buffer (Opus packets, an Ogg Opus file, G.711) may decode to:
   * 2^26 (about 23 minutes of 48 kHz stereo). Opus expands up to 1000-fold and more with lost
   * packets, so this bounds memory before the run's own input limit, which applies to the
   * decoded audio, is checked. A caller that knows a tighter bound passes it to {@link
   * #decode(EncodedAudio, SampleFormat, String, long)}.
   */
  public static final int MAX_DECODED_SAMPLES = 1 << 26;

  private EncodedAudioCodec() {}

  /**
   * Decodes coded audio.
   *
   * @param audio the coded audio
   * @param grid the sample format the decoded samples are declared as
   * @param where names the audio in error messages, for example {@code chunk 3 audio}
   * @return the decoded audio
   * @throws PipelineException of kind INVALID_AUDIO naming {@code where}, the problem and the
   *     byte offset
   */
  public static AudioBuffer decode(EncodedAudio audio, SampleFormat grid, String where) {
    return decode(audio, grid, where, Long.MAX_VALUE);
  }

  /**
   * Decodes coded audio to at most {@code maxSamples} samples, refusing it before allocating
   * past that: a server passes what is left of the most audio a request may carry.
   *
   * @param audio the coded audio
   * @param grid the sample format the decoded samples are declared as
   * @param where names the audio in error messages, for example {@code chunk 3 audio}
   * @param maxSamples the most decoded samples (frames x channels); {@code Long.MAX_VALUE} for
   *     the codec's own caps: {@link #MAX_DECODED_SAMPLES} for Opus packets, one array's worth
   *     for an Ogg Opus file and G.711
   * @return the decoded audio
   * @throws PipelineException of kind INVALID_AUDIO naming {@code where}, the problem and the
   *     byte offset; RESOURCE_LIMIT ({@code max_decoded_samples}) when the audio decodes to more
   *     than {@code maxSamples}
   */
  public static AudioBuffer decode(EncodedAudio audio, SampleFormat grid, String where,
      long maxSamples) {
    AudioFormat format = format(audio.sampleRateHz(), audio.channelCount(), grid, where);
    int arrayBound = (int) Math.max(0, Math.min(maxSamples, OggOpusReader.DEFAULT_MAX_SAMPLES));
    return switch (audio.encoding()) {
      case MU_LAW -> decodeG711(G711Law.MU_LAW, audio, format, where, arrayBound);
      case A_LAW -> decodeG711(G711Law.A_LAW, audio, format, where, arrayBound);
      case OGG_OPUS -> decodeOggOpus(audio, format, where, arrayBound);
      case OPUS_PACKETS -> decodeOpusPackets(opusDecoder(audio, where), audio, grid, where,
          (int) Math.min(arrayBound, MAX_DECODED_SAMPLES));
      case PCM -> throw new IllegalArgumentException("PCM is not coded");
    };
  }

  /**
   * Codes audio.
   *
   * @param audio the audio to code; not kept
   * @param encoding how to code it; not PCM
   * @param where names the audio in error messages, for example {@code audio_outputs["out"]}
   * @return the coded audio
   * @throws PipelineException of kind INVALID_AUDIO when Opus cannot code the audio's rate or
   *     channel count, or a setting is out of range
   */
  public static EncodedAudio encode(AudioBuffer audio, OutputEncoding encoding, String where) {
    int rate = audio.format().sampleRateHz();
    int channels = audio.format().channelCount();
    try {
      return switch (encoding.encoding()) {
        case MU_LAW, A_LAW -> {
          G711Law law = encoding.encoding() == AudioEncoding.MU_LAW
              ? G711Law.MU_LAW : G711Law.A_LAW;
          byte[] codes = new byte[audio.sampleCount()];
          law.encode(audio.samples(), 0, codes, 0, codes.length);
          yield EncodedAudio.g711(encoding.encoding(), codes, rate, channels);
        }
        case OGG_OPUS -> EncodedAudio.oggOpus(OggOpusWriter.encode(audio,
            encoding.frameDurationMs(), encoding.bitrateBps()), channels);
        case OPUS_PACKETS -> encodePackets(audio, encoding);
        case PCM -> throw new IllegalArgumentException("PCM is not coded");
      };
    } catch (IllegalArgumentException e) {
      throw cannotCode(audio.format(), encoding, where, e);
    }
  }

  /**
   * Makes the Opus encoder for a sink's output, as {@link #encode} would.
   *
   * @param format the sink's output format
   * @param encoding an Opus encoding with its settings
   * @param where names the output in error messages
   * @return the encoder
   * @throws PipelineException of kind INVALID_AUDIO, with the message {@link #encode} gives,
   *     when Opus cannot code the format or a setting is out of range
   */
  static OpusPacketEncoder opusEncoder(AudioFormat format, OutputEncoding encoding,
      String where) {
    try {
      return new OpusPacketEncoder(format.sampleRateHz(), format.channelCount(),
          encoding.frameDurationMs(), encoding.bitrateBps());
    } catch (IllegalArgumentException e) {
      throw cannotCode(format, encoding, where, e);
    }
  }

  private static PipelineException cannotCode(AudioFormat format, OutputEncoding encoding,
      String where, IllegalArgumentException cause) {
    return invalid(where + ": cannot code " + format + " as " + encoding.encoding() + ": "
        + cause.getMessage());
  }

  private static EncodedAudio encodePackets(AudioBuffer audio, OutputEncoding encoding) {
    int channels = audio.format().channelCount();
    OpusPacketEncoder encoder = new OpusPacketEncoder(audio.format().sampleRateHz(), channels,
        encoding.frameDurationMs(), encoding.bitrateBps());
    int frameCount = encoder.frameCount();
    int packets = (audio.frameCount() + frameCount - 1) / frameCount;
    // Only the audio's frames, then silence: its array may go on past them.
    float[] padded = new float[packets * frameCount * channels];
    System.arraycopy(audio.samples(), 0, padded, 0, audio.sampleCount());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    int[] lengths = new int[packets];
    for (int i = 0; i < packets; i++) {
      lengths[i] = encoder.encode(padded, i * frameCount * channels, packet, 0);
      out.write(packet, 0, lengths[i]);
    }
    return EncodedAudio.opusPackets(out.toByteArray(), lengths,
        encoding.frameDurationMs() * 1000, audio.format().sampleRateHz(), channels);
  }

  private static AudioBuffer decodeG711(G711Law law, EncodedAudio audio, AudioFormat format,
      String where, int maxSamples) {
    byte[] codes = audio.bytes();
    if (codes.length > maxSamples) {
      throw tooLong(where, maxSamples, codes.length,
          "its " + codes.length + " bytes are as many samples");
    }
    int channels = format.channelCount();
    if (codes.length % channels != 0) {
      int lastFrame = codes.length - codes.length % channels;
      throw invalid(where + ": truncated " + audio.encoding() + " run: " + codes.length
          + " bytes are not a whole number of " + channels + "-channel frames; the frame at"
          + " byte offset " + lastFrame + " has only " + (codes.length - lastFrame) + " of "
          + channels + " bytes");
    }
    float[] samples = new float[codes.length];
    law.decode(codes, 0, samples, 0, codes.length);
    return AudioBuffer.of(format, samples);
  }

  private static AudioBuffer decodeOggOpus(EncodedAudio audio, AudioFormat format,
      String where, int maxSamples) {
    checkOggOpusRate(format.sampleRateHz(), where);
    OggOpusAudio decoded;
    try {
      decoded = new OggOpusReader(OggOpusReader.DEFAULT_MAX_FILE_BYTES, maxSamples)
          .decode(audio.bytes());
    } catch (PipelineException e) {
      throw PipelineException.builder(e.kind(), where + ": " + e.getMessage())
          .limit(e.limit().orElse(null))
          .build();
    } catch (OpusFormatException e) {
      throw invalid(where + ": " + e.getMessage() + " (byte offset " + e.byteOffset() + ")");
    }
    int channels = decoded.audio().format().channelCount();
    if (channels != format.channelCount()) {
      throw invalid(where + ": channels says " + format.channelCount()
          + ", but the Ogg Opus header declares " + channels);
    }
    return AudioBuffer.of(format, decoded.audio().samples(), decoded.audio().frameCount());
  }

  /** Refuses an Ogg Opus input declared at another rate than the 48000 Hz it decodes at. */
  static void checkOggOpusRate(int sampleRateHz, String where) {
    if (sampleRateHz != 48000) {
      throw invalid(where + ": Ogg Opus decodes at 48000 Hz; sample_rate_hz says "
          + sampleRateHz);
    }
  }

  /** Makes the Opus decoder for {@code audio}'s rate and channels. */
  static OpusPacketDecoder opusDecoder(EncodedAudio audio, String where) {
    return opusDecoder(audio.sampleRateHz(), audio.channelCount(), where);
  }

  /** Makes an Opus decoder, refusing a rate or channel count Opus cannot decode to. */
  static OpusPacketDecoder opusDecoder(int sampleRateHz, int channelCount, String where) {
    try {
      return new OpusPacketDecoder(sampleRateHz, channelCount);
    } catch (IllegalArgumentException e) {
      throw invalid(where + ": " + e.getMessage());
    }
  }

  /**
   * Decodes {@code audio}'s packets with {@code decoder}, which keeps its state after, to at
   * most {@code maxSamples} samples.
   */
  static AudioBuffer decodeOpusPackets(OpusPacketDecoder decoder, EncodedAudio audio,
      SampleFormat grid, String where, int maxSamples) {
    AudioFormat format = format(audio.sampleRateHz(), audio.channelCount(), grid, where);
    int[] lengths = audio.packetLengths();
    long total = 0;
    for (int length : lengths) {
      total += length;
    }
    if (total != audio.bytes().length) {
      throw invalid(where + ": packet_lengths add up to " + total + " bytes, but "
          + audio.bytes().length + " bytes of packets were sent");
    }
    int channels = format.channelCount();
    float[] samples = new float[Math.min(decoder.maxFramesPerPacket() * channels, maxSamples)];
    int frames = 0;
    int offset = 0;
    for (int i = 0; i < lengths.length; i++) {
      long needed = (long) (frames + decoder.maxFramesPerPacket()) * channels;
      if (needed > maxSamples) {
        // A 1-byte packet may decode to 120 ms: bound the expansion before allocating.
        throw tooLong(where, maxSamples, needed, "stopped at packet " + i + " of "
            + lengths.length + ", after " + frames + " frames");
      }
      if (needed > samples.length) {
        samples = Arrays.copyOf(samples, (int) Math.min(maxSamples,
            Math.max(needed, 2L * samples.length)));
      }
      if (lengths[i] == 0) {
        frames += conceal(decoder, audio.packetDurationUs(), samples, frames * channels,
            where + ": packet " + i + " at byte offset " + offset + " is lost, and");
        continue;
      }
      try {
        frames += decoder.decode(audio.bytes(), offset, lengths[i], samples, frames * channels);
      } catch (OpusFormatException e) {
        throw invalid(where + ": Opus packet " + i + " at byte offset " + e.byteOffset() + ": "
            + e.getMessage());
      }
      offset += lengths[i];
    }
    return AudioBuffer.of(format, Arrays.copyOf(samples, frames * channels), frames);
  }

  private static PipelineException tooLong(String where, int maxSamples, long needed,
      String detail) {
    return PipelineException.builder(ErrorKind.RESOURCE_LIMIT, where + ": the audio decodes to"
            + " more than " + maxSamples + " samples, the most allowed here (" + detail + ")")
        .limit(new LimitViolation(OggOpusReader.MAX_DECODED_SAMPLES_LIMIT, maxSamples, needed))
        .build();
  }

  private static int conceal(OpusPacketDecoder decoder, int durationUs, float[] out,
      int outOffset, String what) {
    long frames = (long) durationUs * decoder.sampleRateHz() / 1_000_000;
    if (durationUs % 2500 != 0 || frames <= 0 || frames > decoder.maxFramesPerPacket()) {
      throw invalid(what + " packet_duration_us " + durationUs + " cannot conceal it: it must"
          + " be a multiple of 2500 up to 120000");
    }
    return decoder.conceal((int) frames, out, outOffset);
  }

  private static AudioFormat format(int rateHz, int channels, SampleFormat grid, String where) {
    if (rateHz < 1 || rateHz > AudioFormat.MAX_SAMPLE_RATE_HZ) {
      throw invalid(where + ": sample_rate_hz must be in [1, " + AudioFormat.MAX_SAMPLE_RATE_HZ
          + "], was " + Integer.toUnsignedString(rateHz));
    }
    if (channels < 1 || channels > AudioFormat.MAX_CHANNELS) {
      throw invalid(where + ": channels must be in [1, " + AudioFormat.MAX_CHANNELS + "], was "
          + Integer.toUnsignedString(channels));
    }
    return new AudioFormat(rateHz, channels, grid);
  }

  static PipelineException invalid(String message) {
    return PipelineException.of(ErrorKind.INVALID_AUDIO, message);
  }
}
