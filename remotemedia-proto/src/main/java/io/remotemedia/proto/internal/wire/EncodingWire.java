package io.remotemedia.proto.internal.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.opus.OpusPacketEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts coded audio (protocol v1.1: G.711, Ogg Opus, Opus packets) between {@link
 * io.remotemedia.proto.AudioBuffer} and {@link EncodedAudio}, and output encodings between
 * {@link io.remotemedia.proto.OutputEncoding} and {@link OutputEncoding}. Stateless and
 * thread-safe.
 */
public final class EncodingWire {
  private EncodingWire() {}

  /**
   * Returns true if wire audio is coded, not PCM.
   *
   * @param wire the wire audio
   * @return whether its encoding is anything but PCM
   */
  public static boolean isEncoded(io.remotemedia.proto.AudioBuffer wire) {
    return wire.getEncoding() != io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_PCM;
  }

  /**
   * Counts the lost packets (length 0) of the Opus-packet buffers among {@code buffers}: the
   * packets their decoding concealed.
   *
   * @param buffers wire audio, of any encoding
   * @return the number of lost packets
   */
  public static long lostPackets(Iterable<io.remotemedia.proto.AudioBuffer> buffers) {
    long lost = 0;
    for (io.remotemedia.proto.AudioBuffer buffer : buffers) {
      if (buffer.getEncoding()
          == io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS) {
        for (int length : buffer.getPacketLengthsList()) {
          lost += length == 0 ? 1 : 0;
        }
      }
    }
    return lost;
  }

  /**
   * Decodes coded wire audio to samples.
   *
   * @param wire the wire audio; its encoding is not PCM
   * @param where names the audio in error messages, for example {@code chunk 4 audio}
   * @return the decoded audio, on the grid {@code format} names (I16 when unset)
   * @throws PipelineException of kind INVALID_AUDIO naming {@code where}, the problem and the
   *     byte offset
   */
  public static AudioBuffer decode(io.remotemedia.proto.AudioBuffer wire, String where) {
    return decode(wire, where, Long.MAX_VALUE);
  }

  /**
   * Decodes coded wire audio to at most {@code maxSamples} samples.
   *
   * @param wire the wire audio; its encoding is not PCM
   * @param where names the audio in error messages
   * @param maxSamples the most decoded samples; {@code Long.MAX_VALUE} for the codec's own caps
   *     (see {@link EncodedAudioCodec#decode(io.remotemedia.pipeline.encoding.EncodedAudio,
   *     SampleFormat, String, long)})
   * @return the decoded audio
   * @throws PipelineException of kind INVALID_AUDIO; RESOURCE_LIMIT when it decodes to more
   */
  public static AudioBuffer decode(io.remotemedia.proto.AudioBuffer wire, String where,
      long maxSamples) {
    return EncodedAudioCodec.decode(fromProto(wire, where), grid(wire, where), where,
        maxSamples);
  }

  /**
   * Returns the grid coded wire audio's decoded samples are declared on: its {@code format},
   * or I16 when unset.
   *
   * @param wire the coded wire audio
   * @param where names the audio in error messages
   * @return the sample format
   * @throws PipelineException of kind INVALID_AUDIO for a bad rate, channel count or format
   */
  public static SampleFormat grid(io.remotemedia.proto.AudioBuffer wire, String where) {
    return wire.getFormat() == io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_UNSPECIFIED
        ? SampleFormat.I16 : AudioWire.format(wire, where).sampleFormat();
  }

  /**
   * Reads coded wire audio without decoding it.
   *
   * @param wire the wire audio; its encoding is not PCM
   * @param where names the audio in error messages
   * @return the coded audio
   * @throws PipelineException of kind INVALID_AUDIO for an unknown encoding
   */
  public static EncodedAudio fromProto(io.remotemedia.proto.AudioBuffer wire, String where) {
    AudioEncoding encoding = fromProto(wire.getEncoding(), wire.getEncodingValue(), where);
    checkPacketLengthsBelong(wire, where);
    if (encoding == AudioEncoding.MU_LAW || encoding == AudioEncoding.A_LAW) {
      checkG711FrameCount(wire, encoding, where);
    }
    int[] lengths = new int[wire.getPacketLengthsCount()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = wire.getPacketLengths(i);
      if (lengths[i] < 0) {
        throw invalid(where + ": packet_lengths[" + i + "] is "
            + Integer.toUnsignedString(lengths[i]) + ", more than any buffer holds");
      }
    }
    return new EncodedAudio(encoding, wire.getSamples().toByteArray(), wire.getSampleRateHz(),
        wire.getChannels(), lengths, wire.getPacketDurationUs());
  }

  /**
   * Refuses a G.711 {@code frame_count} that is neither 0 (not given, as the SDK sends it) nor
   * the byte length over the channels: it was accepted and ignored, so a client's own count of
   * what it sent could be wrong unseen. A bad channel count is left to the format's check.
   */
  private static void checkG711FrameCount(io.remotemedia.proto.AudioBuffer wire,
      AudioEncoding encoding, String where) {
    long frames = wire.getFrameCount();
    int channels = wire.getChannels();
    if (frames == 0 || channels < 1 || channels > AudioFormat.MAX_CHANNELS) {
      return;
    }
    int bytes = wire.getSamples().size();
    if (bytes % channels != 0) {
      throw invalid(where + ": the " + bytes + " bytes of " + encoding + " samples are not a"
          + " whole number of frames at " + channels + " channels (one byte per sample), and"
          + " frame_count is " + Long.toUnsignedString(frames));
    }
    if (frames != bytes / channels) {
      throw invalid(where + ": frame_count " + Long.toUnsignedString(frames) + " does not"
          + " match the " + bytes + " bytes of " + encoding + " samples at " + channels
          + " channels (one byte per sample: " + bytes / channels + " frames); set it to"
          + " that, or leave it 0");
    }
  }

  /**
   * Refuses packet lengths on audio of any encoding but Opus packets, where they would be
   * ignored: most likely Opus packets whose encoding was not set, which would be read as PCM.
   *
   * @param wire the wire audio
   * @param where names the audio in error messages
   * @throws PipelineException of kind INVALID_AUDIO naming the encoding
   */
  static void checkPacketLengthsBelong(io.remotemedia.proto.AudioBuffer wire, String where) {
    if (wire.getPacketLengthsCount() > 0 && wire.getEncoding()
        != io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS) {
      throw invalid(where + ": packet_lengths has " + wire.getPacketLengthsCount()
          + " entries, but encoding is " + wire.getEncoding().name() + "; packet_lengths is"
          + " for AUDIO_ENCODING_OPUS_PACKETS: set the encoding, or leave packet_lengths"
          + " empty");
    }
  }

  /**
   * Builds wire audio from coded audio.
   *
   * @param audio the coded audio
   * @param frameCount the decoded length in frames, when known; 0 otherwise
   * @return the wire message
   */
  public static io.remotemedia.proto.AudioBuffer toProto(EncodedAudio audio, long frameCount) {
    // The array is ours alone from here on (EncodedAudio's contract), so the message may wrap it.
    ByteString bytes = UnsafeByteOperations.unsafeWrap(audio.bytes());
    io.remotemedia.proto.AudioBuffer.Builder builder = io.remotemedia.proto.AudioBuffer
        .newBuilder()
        .setSamples(bytes)
        .setSampleRateHz(audio.sampleRateHz())
        .setChannels(audio.channelCount())
        .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I16)
        .setEncoding(toProto(audio.encoding()))
        .setFrameCount(frameCount)
        .setPacketDurationUs(audio.packetDurationUs());
    for (int length : audio.packetLengths()) {
      builder.addPacketLengths(length);
    }
    return builder.build();
  }

  /**
   * Codes a sink's output for the wire.
   *
   * @param audio the sink's output
   * @param encoding how the client asked for it
   * @param where names the output in error messages, for example {@code audio_outputs["vad"]}
   * @return the wire message
   * @throws PipelineException of kind INVALID_AUDIO when the encoding cannot code the audio
   */
  public static io.remotemedia.proto.AudioBuffer encode(AudioBuffer audio,
      OutputEncoding encoding, String where) {
    if (encoding.encoding() == AudioEncoding.PCM) {
      return AudioWire.toProto(audio);
    }
    return toProto(EncodedAudioCodec.encode(audio, encoding, where), audio.frameCount());
  }

  /**
   * Maps the wire's output encodings, filling in the Opus defaults for 0 fields.
   *
   * @param wire the output encodings keyed by sink id
   * @return the domain encodings, in the same order
   * @throws PipelineException of kind VALIDATION naming the sink for an unknown encoding
   */
  public static Map<String, OutputEncoding> fromProto(
      Map<String, io.remotemedia.proto.OutputEncoding> wire) {
    Map<String, OutputEncoding> out = new LinkedHashMap<>();
    wire.forEach((id, encoding) -> out.put(id, fromProto(id, encoding)));
    return out;
  }

  private static OutputEncoding fromProto(String id, io.remotemedia.proto.OutputEncoding wire) {
    String where = EndpointKeyCheck.where("output_encodings", id);
    AudioEncoding encoding = fromProto(wire.getEncoding(), wire.getEncodingValue(), where);
    long bitrateBps = wire.getBitrateBps() == 0 ? OutputEncoding.DEFAULT_BITRATE_BPS
        : Integer.toUnsignedLong(wire.getBitrateBps());
    long frameDurationMs = wire.getFrameDurationMs() == 0
        ? OutputEncoding.DEFAULT_FRAME_DURATION_MS
        : Integer.toUnsignedLong(wire.getFrameDurationMs());
    if (encoding.isOpus()
        && (bitrateBps > Integer.MAX_VALUE || frameDurationMs > Integer.MAX_VALUE)) {
      // uint32 on the wire: refused here, quoted as sent, before an int would turn it
      // negative. No Opus setting comes near 2^31, so the check always fails. Other encodings
      // ignore both fields.
      try {
        OpusPacketEncoder.checkSettings(frameDurationMs, bitrateBps);
      } catch (IllegalArgumentException e) {
        throw PipelineException.of(ErrorKind.INVALID_AUDIO, where + ": " + e.getMessage());
      }
    }
    return new OutputEncoding(encoding, (int) bitrateBps, (int) frameDurationMs);
  }

  /**
   * Maps an output encoding to the wire.
   *
   * @param encoding the domain encoding
   * @return the wire message
   */
  public static io.remotemedia.proto.OutputEncoding toProto(OutputEncoding encoding) {
    return io.remotemedia.proto.OutputEncoding.newBuilder()
        .setEncoding(toProto(encoding.encoding()))
        .setBitrateBps(encoding.bitrateBps())
        .setFrameDurationMs(encoding.frameDurationMs())
        .build();
  }

  /**
   * Maps a domain encoding to the wire enum.
   *
   * @param encoding the domain encoding
   * @return the wire enum value
   */
  public static io.remotemedia.proto.AudioEncoding toProto(AudioEncoding encoding) {
    return switch (encoding) {
      case PCM -> io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_PCM;
      case MU_LAW -> io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_MU_LAW;
      case A_LAW -> io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_A_LAW;
      case OGG_OPUS -> io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OGG_OPUS;
      case OPUS_PACKETS -> io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS;
    };
  }

  /** Maps a wire encoding, refusing an unknown value with INVALID_AUDIO naming {@code where}. */
  static AudioEncoding fromProto(io.remotemedia.proto.AudioEncoding encoding,
      int value, String where) {
    return switch (encoding) {
      case AUDIO_ENCODING_PCM -> AudioEncoding.PCM;
      case AUDIO_ENCODING_MU_LAW -> AudioEncoding.MU_LAW;
      case AUDIO_ENCODING_A_LAW -> AudioEncoding.A_LAW;
      case AUDIO_ENCODING_OGG_OPUS -> AudioEncoding.OGG_OPUS;
      case AUDIO_ENCODING_OPUS_PACKETS -> AudioEncoding.OPUS_PACKETS;
      case UNRECOGNIZED -> throw invalid(where + ": encoding " + value + " is unknown; known:"
          + " AUDIO_ENCODING_PCM, _MU_LAW, _A_LAW, _OGG_OPUS, _OPUS_PACKETS");
    };
  }

  private static PipelineException invalid(String message) {
    return PipelineException.of(ErrorKind.INVALID_AUDIO, message);
  }
}
