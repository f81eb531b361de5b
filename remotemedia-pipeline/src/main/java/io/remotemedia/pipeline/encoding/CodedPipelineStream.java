package io.remotemedia.pipeline.encoding;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import java.util.Map;

/**
 * A {@link PipelineStream} with codecs at its edges: it decodes coded chunks ({@link
 * #push(long, EncodedAudio)}: G.711, or Opus packets with one decoder for the whole stream, which
 * conceals lost packets) and codes the sinks' outputs as the stream's output encodings ask
 * ({@link StreamAudioEncoder}), into {@link StreamResult#encodedOutputs()} and, at the end,
 * {@link ExecutionResult#encodedOutputs()}. {@code LocalPipelineRunner} wraps every stream it
 * opens in one.
 *
 * <pre>{@code
 * try (PipelineStream stream = runner.openStream(OpenStreamRequest.of(manifest, format)
 *     .withOutputEncodings(Map.of("vad", OutputEncoding.of(AudioEncoding.MU_LAW))))) {
 *   StreamResult result = stream.push(0, EncodedAudio.opusPackets(bytes, lengths, 20_000,
 *       16000, 1));
 *   byte[] muLaw = result.encodedOutputs().get("vad").bytes();
 * }
 * }</pre>
 *
 * <p>Not thread-safe, like every {@link PipelineStream}; {@link #cancel()} from any thread.
 */
public final class CodedPipelineStream implements PipelineStream {
  private final PipelineStream stream;
  private final AudioFormat inputFormat;
  private final StreamAudioDecoder decoder = new StreamAudioDecoder();
  private final StreamAudioEncoder encoder;
  /** What {@link #finish()} returned, once it has. */
  private ExecutionResult finished;

  /**
   * Wraps {@code stream}.
   *
   * @param stream the stream to wrap; this object owns it from now on
   * @param inputFormat the stream's input format: coded chunks must decode to its rate and
   *     channels, and are declared on its sample format
   * @param outputEncodings how to code each sink's output; empty for none
   */
  public CodedPipelineStream(PipelineStream stream, AudioFormat inputFormat,
      Map<String, OutputEncoding> outputEncodings) {
    this.stream = stream;
    this.inputFormat = inputFormat;
    this.encoder = new StreamAudioEncoder(outputEncodings);
  }

  @Override
  public String sessionId() {
    return stream.sessionId();
  }

  @Override
  public StreamResult push(long sequence, AudioBuffer chunk) {
    StreamResult result = stream.push(sequence, chunk);
    Map<String, EncodedAudio> coded = encoder.encode(result.audioOutputs());
    return coded.isEmpty() ? result : new StreamResult(result.sequence(), result.audioOutputs(),
        result.dataOutputs(), coded);
  }

  /**
   * Decodes a coded chunk and processes it.
   *
   * @throws io.remotemedia.pipeline.PipelineException INVALID_AUDIO naming the chunk's
   *     sequence, the problem and the byte offset (a corrupt Opus packet, a truncated G.711
   *     run), or when the decoded audio is not in the stream's input format; and as {@link
   *     PipelineStream#push(long, AudioBuffer)}
   */
  @Override
  public StreamResult push(long sequence, EncodedAudio chunk) {
    AudioBuffer decoded = decoder.decode(chunk, inputFormat.sampleFormat(),
        "chunk " + Long.toUnsignedString(sequence) + " audio");
    return push(sequence, decoded);
  }

  /** {@inheritDoc} Called again, it returns the same result: the encoders flush once. */
  @Override
  public ExecutionResult finish() {
    if (finished == null) {
      ExecutionResult result = stream.finish();
      Map<String, EncodedAudio> coded = encoder.finish(result.audioOutputs());
      finished = coded.isEmpty() ? result : new ExecutionResult(result.audioOutputs(),
          result.dataOutputs(), result.metrics(), coded);
    }
    return finished;
  }

  /**
   * {@return how many lost Opus packets (length 0) the stream's decoder has concealed}
   */
  public long concealedPacketCount() {
    return decoder.concealedPacketCount();
  }

  @Override
  public void cancel() {
    stream.cancel();
  }

  @Override
  public void close() {
    stream.close();
  }
}
