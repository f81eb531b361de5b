package io.remotemedia.proto.internal.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.pcm.PcmCodec;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Converts audio between {@link io.remotemedia.proto.AudioBuffer} and {@link AudioBuffer}.
 *
 * <p>Decoding reads the message's bytes in place, as little-endian buffers (several when the
 * message aliases the network's buffers), and converts them to floats in one pass. Encoding
 * writes into one new byte buffer that the message then wraps without a copy. Stateless and
 * thread-safe.
 */
public final class AudioWire {
  /** The most samples (frames x channels) one buffer can hold: a Java array's limit. */
  private static final long MAX_SAMPLES = Integer.MAX_VALUE;

  private AudioWire() {}

  /**
   * Decodes wire audio, checking every field. Coded audio (G.711, Opus) is decoded by
   * {@link EncodingWire#decode}.
   *
   * @param where names the audio in error messages, for example {@code audio_inputs["in"]}
   * @param wire the audio message
   * @return the decoded audio, in its declared format
   * @throws PipelineException of kind INVALID_AUDIO naming the field, the value and the rule
   */
  public static AudioBuffer fromProto(io.remotemedia.proto.AudioBuffer wire, String where) {
    return fromProto(wire, where, Long.MAX_VALUE);
  }

  /**
   * Decodes wire audio as {@link #fromProto(io.remotemedia.proto.AudioBuffer, String)} does,
   * coded audio to at most {@code maxCodedSamples} samples (PCM is bounded by its bytes).
   *
   * @param where names the audio in error messages, for example {@code audio_inputs["in"]}
   * @param wire the audio message
   * @param maxCodedSamples the most samples coded audio may decode to
   * @return the decoded audio, in its declared format
   * @throws PipelineException of kind INVALID_AUDIO naming the field, the value and the rule
   */
  public static AudioBuffer fromProto(io.remotemedia.proto.AudioBuffer wire, String where,
      long maxCodedSamples) {
    if (EncodingWire.isEncoded(wire)) {
      return EncodingWire.decode(wire, where, maxCodedSamples);
    }
    EncodingWire.checkPacketLengthsBelong(wire, where);
    AudioFormat format = format(wire, where);
    // frame_count is a uint64: Java reads 2^63 and above as negative longs. Check the range
    // before multiplying, so that no product can wrap around to the byte count sent.
    long frames = wire.getFrameCount();
    long maxFrames = MAX_SAMPLES / format.channelCount();
    int actualBytes = wire.getSamples().size();
    if (frames < 0 || frames > maxFrames) {
      throw invalid(where + ": frame_count " + Long.toUnsignedString(frames) + " is over the"
          + " largest buffer of " + maxFrames + " frames at " + format.channelCount()
          + " channels; " + actualBytes + " bytes of samples were sent");
    }
    long expectedBytes = frames * format.bytesPerFrame();
    if (expectedBytes != actualBytes) {
      throw invalid(where + ": frame_count " + frames + " x " + format.channelCount()
          + " channels x " + format.sampleFormat().bytesPerSample() + " bytes ("
          + format.sampleFormat() + ") needs " + expectedBytes + " bytes of samples, but "
          + actualBytes + " were sent");
    }
    int sampleCount = (int) frames * format.channelCount();
    float[] samples = new float[sampleCount];
    ScatteredPcm.decode(wire.getSamples(), format.sampleFormat(), samples);
    return AudioBuffer.of(format, samples, (int) frames);
  }

  /**
   * Reads only the format fields of wire audio: rate, channels and sample format, for example
   * the grid of coded audio. A stream's declared input format is read by {@link
   * #declaredFormat}, which also refuses the fields that format must not carry.
   *
   * @param wire the audio message; its samples are not read
   * @param where names the audio in error messages, for example {@code chunk 4 audio}
   * @return the declared format
   * @throws PipelineException of kind INVALID_AUDIO naming the field and the value
   */
  public static AudioFormat format(io.remotemedia.proto.AudioBuffer wire, String where) {
    int rate = wire.getSampleRateHz();
    if (rate < 1 || rate > AudioFormat.MAX_SAMPLE_RATE_HZ) {
      throw invalid(where + ": sample_rate_hz must be in [1, " + AudioFormat.MAX_SAMPLE_RATE_HZ
          + "], was " + Integer.toUnsignedString(rate));
    }
    int channels = wire.getChannels();
    if (channels < 1 || channels > AudioFormat.MAX_CHANNELS) {
      throw invalid(where + ": channels must be in [1, " + AudioFormat.MAX_CHANNELS + "], was "
          + Integer.toUnsignedString(channels));
    }
    return new AudioFormat(rate, channels, sampleFormat(wire, where));
  }

  /**
   * Reads a declared format that describes audio without carrying any (a stream's {@code
   * open.input_format}): the format fields as {@link #format} reads them, and nothing else. The
   * declared format is that of the decoded audio, so its encoding must be PCM; the coding of
   * coded audio is named by each chunk's own {@code encoding}. Samples or packet lengths would
   * not be processed, so they are refused rather than dropped. {@code frame_count} and {@code
   * packet_duration_us} are ignored: they describe samples that are not there.
   *
   * @param wire the audio message
   * @param where names the declaration in error messages, for example {@code open.input_format}
   * @return the declared format
   * @throws PipelineException of kind INVALID_AUDIO naming the field and the value
   */
  public static AudioFormat declaredFormat(io.remotemedia.proto.AudioBuffer wire, String where) {
    if (EncodingWire.isEncoded(wire)) {
      throw invalid(where + ".encoding is " + (wire.getEncoding()
          == io.remotemedia.proto.AudioEncoding.UNRECOGNIZED
              ? "unknown value " + wire.getEncodingValue() : wire.getEncoding().name())
          + ", but " + where + " describes the decoded audio (rate, channels, sample format)"
          + " and its encoding must be unset (AUDIO_ENCODING_PCM): each chunk's audio.encoding"
          + " names how that chunk is coded");
    }
    if (!wire.getSamples().isEmpty() || wire.getPacketLengthsCount() > 0) {
      throw invalid(where + " carries " + wire.getSamples().size() + " bytes of samples and "
          + wire.getPacketLengthsCount() + " packet_lengths, but it only describes the chunks"
          + " and its audio would not be processed: leave samples and packet_lengths empty"
          + " and send the audio as a chunk");
    }
    return format(wire, where);
  }

  /**
   * Encodes audio in the sample format its {@link AudioFormat} names; integer formats clip.
   *
   * @param audio the audio to encode
   * @return the message; its sample bytes are little-endian
   */
  public static io.remotemedia.proto.AudioBuffer toProto(AudioBuffer audio) {
    AudioFormat format = audio.format();
    int sampleCount = audio.sampleCount();
    ByteBuffer bytes = ByteBuffer.allocate(sampleCount * format.sampleFormat().bytesPerSample())
        .order(ByteOrder.LITTLE_ENDIAN);
    PcmCodec.encode(audio.samples(), sampleCount, format.sampleFormat(), bytes);
    bytes.flip();
    // The buffer is ours alone and never written again, so the message may wrap it.
    ByteString wrapped = UnsafeByteOperations.unsafeWrap(bytes);
    return withoutSamples(audio).toBuilder().setSamples(wrapped).build();
  }

  /**
   * Describes audio on the wire without its samples: the fields that {@link
   * io.remotemedia.proto.internal.marshal.PcmMessage} writes after the samples it encodes
   * straight from the floats.
   *
   * @param audio the audio to describe
   * @return the message with every field of {@link #toProto(AudioBuffer)} but the samples
   */
  public static io.remotemedia.proto.AudioBuffer withoutSamples(AudioBuffer audio) {
    AudioFormat format = audio.format();
    return io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(format.sampleRateHz())
        .setChannels(format.channelCount())
        .setFormat(toProto(format.sampleFormat()))
        .setFrameCount(audio.frameCount())
        .build();
  }

  /**
   * Maps a domain sample format to the wire enum.
   *
   * @param format the domain sample format
   * @return the matching wire enum value
   */
  public static io.remotemedia.proto.SampleFormat toProto(SampleFormat format) {
    return switch (format) {
      case F32 -> io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32;
      case I16 -> io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I16;
      case I32 -> io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I32;
    };
  }

  /**
   * {@return the domain sample format of {@code format}; empty for SAMPLE_FORMAT_UNSPECIFIED or a
   * value this version does not know}
   *
   * @param format the wire sample format
   */
  static Optional<SampleFormat> knownSampleFormat(io.remotemedia.proto.SampleFormat format) {
    return switch (format) {
      case SAMPLE_FORMAT_F32 -> Optional.of(SampleFormat.F32);
      case SAMPLE_FORMAT_I16 -> Optional.of(SampleFormat.I16);
      case SAMPLE_FORMAT_I32 -> Optional.of(SampleFormat.I32);
      case SAMPLE_FORMAT_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }

  private static SampleFormat sampleFormat(io.remotemedia.proto.AudioBuffer wire, String where) {
    return knownSampleFormat(wire.getFormat()).orElseThrow(() -> invalid(where
        + ": format must be SAMPLE_FORMAT_F32, SAMPLE_FORMAT_I16 or SAMPLE_FORMAT_I32, was "
        + (wire.getFormat() == io.remotemedia.proto.SampleFormat.UNRECOGNIZED
            ? "unknown value " + wire.getFormatValue()
            : "SAMPLE_FORMAT_UNSPECIFIED")));
  }

  private static PipelineException invalid(String message) {
    return PipelineException.of(ErrorKind.INVALID_AUDIO, message);
  }
}
