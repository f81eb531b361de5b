package io.remotemedia.server.internal.transport;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.encoding.CodedPipelineStream;
import io.remotemedia.pipeline.encoding.StreamAudioDecoder;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.util.Map;

/**
 * The audio coding of one stream session at the wire: opens the session's stream with the
 * output coding at its edge, decodes each chunk's audio (PCM, or coded audio with one decoder
 * per session, so Opus state carries across chunks and lost packets are concealed), and turns
 * results and the session's end into wire messages, each coded sink's audio as coded bytes.
 * One instance per session; not thread-safe (a session's chunks are processed one at a time,
 * in order).
 */
final class ChunkCoding {
  /** Decodes coded chunks, keeping the Opus decoder's state from chunk to chunk. */
  private final StreamAudioDecoder chunkDecoder;
  /** The concealed packets already reported by {@link #newlyConcealed()}. */
  private long concealedReported;

  /**
   * @param maxChunkSamples the most samples one chunk's coded audio may decode to
   */
  ChunkCoding(long maxChunkSamples) {
    this.chunkDecoder = new StreamAudioDecoder(maxChunkSamples);
  }

  /**
   * Opens the session's stream on {@code runner} with the output coding at its edge: the
   * runner runs the pipeline on PCM, and this session's {@link CodedPipelineStream} codes the
   * sinks' outputs as the client asked, whatever the runner is.
   *
   * @throws io.remotemedia.pipeline.PipelineException as {@link PipelineRunner#openStream}
   */
  PipelineStream open(PipelineRunner runner, OpenStreamRequest request) {
    PipelineStream stream = runner.openStream(request.withOutputEncodings(Map.of()));
    return new CodedPipelineStream(stream, request.inputFormat(), request.outputEncodings());
  }

  /**
   * Decodes a chunk's audio.
   *
   * @throws io.remotemedia.pipeline.PipelineException INVALID_AUDIO naming the chunk's
   *     sequence, the problem and the byte offset
   */
  AudioBuffer decode(StreamChunk chunk) {
    return StreamWire.audioOf(chunk, chunkDecoder);
  }

  /**
   * {@return how many lost Opus packets the decoding has concealed since the last call}
   */
  long newlyConcealed() {
    long total = chunkDecoder.concealedPacketCount();
    long added = total - concealedReported;
    concealedReported = total;
    return added;
  }

  /** Builds the {@code result} message of one chunk. */
  StreamResponse result(StreamResult result) {
    return StreamWire.toProto(result);
  }

  /** Builds the {@code closed} message: the tails, final data and metrics. */
  StreamResponse closed(ExecutionResult result) {
    return StreamWire.closed(result);
  }
}
