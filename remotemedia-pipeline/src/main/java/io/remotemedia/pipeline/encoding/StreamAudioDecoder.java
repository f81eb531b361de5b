package io.remotemedia.pipeline.encoding;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.opus.OpusPacketDecoder;

/**
 * Decodes the coded chunks of one stream, keeping an Opus decoder from chunk to chunk so that
 * its state (and its packet loss concealment) carries across chunk boundaries: a stream of Opus
 * packets decodes to the same samples however its packets are split into chunks. G.711 chunks
 * need no state and decode as {@link EncodedAudioCodec} does.
 *
 * <pre>{@code
 * StreamAudioDecoder decoder = new StreamAudioDecoder(); // one per stream
 * AudioBuffer pcm = decoder.decode(chunkAudio, SampleFormat.I16, "chunk 3 audio");
 * }</pre>
 *
 * <p>One instance per stream; not thread-safe (a stream's chunks are decoded in order).
 */
public final class StreamAudioDecoder {
  private final long maxSamples;
  private OpusPacketDecoder opus;

  /**
   * Creates a decoder with no state; the Opus decoder is made at the first Opus chunk. A chunk
   * may decode to what {@link EncodedAudioCodec#decode(EncodedAudio, SampleFormat, String)}
   * allows.
   */
  public StreamAudioDecoder() {
    this(Long.MAX_VALUE);
  }

  /**
   * Creates a decoder whose chunks may each decode to at most {@code maxSamples} samples
   * (frames x channels); a chunk over it is refused before it is allocated.
   *
   * @param maxSamples at least 1; the codec's own caps apply too
   * @throws IllegalArgumentException if {@code maxSamples} is below 1
   */
  public StreamAudioDecoder(long maxSamples) {
    if (maxSamples < 1) {
      throw new IllegalArgumentException("maxSamples must be >= 1, was " + maxSamples);
    }
    this.maxSamples = maxSamples;
  }

  /**
   * Decodes one chunk.
   *
   * @param audio the chunk's coded audio
   * @param grid the sample format the decoded samples are declared as
   * @param where names the chunk in error messages, for example {@code chunk 3 audio}
   * @return the decoded samples
   * @throws io.remotemedia.pipeline.PipelineException of kind INVALID_AUDIO naming {@code
   *     where}, the problem and the byte offset; also when an Opus chunk's rate or channel
   *     count differs from the stream's first Opus chunk
   */
  public AudioBuffer decode(EncodedAudio audio, SampleFormat grid, String where) {
    if (audio.encoding() != AudioEncoding.OPUS_PACKETS) {
      return EncodedAudioCodec.decode(audio, grid, where, maxSamples);
    }
    if (opus == null) {
      opus = EncodedAudioCodec.opusDecoder(audio, where);
    } else if (opus.sampleRateHz() != audio.sampleRateHz()
        || opus.channelCount() != audio.channelCount()) {
      throw EncodedAudioCodec.invalid(where + ": " + audio.sampleRateHz() + " Hz x "
          + audio.channelCount() + " channels, but the stream's Opus packets decode at "
          + opus.sampleRateHz() + " Hz x " + opus.channelCount() + " channels");
    }
    return EncodedAudioCodec.decodeOpusPackets(opus, audio, grid, where,
        (int) Math.min(maxSamples, EncodedAudioCodec.MAX_DECODED_SAMPLES));
  }

  /**
   * Returns how many lost packets this stream's Opus decoder has concealed.
   *
   * @return the count; 0 before the first Opus chunk
   */
  public long concealedPacketCount() {
    return opus == null ? 0 : opus.concealedPacketCount();
  }
}
