package io.remotemedia.server.internal.transport;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.AudioEncoding;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.SampleFormat;
import java.util.Collection;
import java.util.Optional;

/**
 * Counts an ExecutePipeline request's decoded audio (32-bit float samples, as large as the
 * input or larger) in the runner's buffer memory ({@code total_memory_bytes}) before it is
 * decoded: the calls arriving at once each decoded theirs, and nothing bounded the sum, so
 * a few large requests at once could take the whole heap before admission saw them. PCM and
 * G.711 inputs are counted from their bytes before decoding; Opus, whose size only decoding
 * tells, once decoded. No room gets BUSY (RESOURCE_LIMIT when the request alone is larger than
 * the bound), as the pipelines' own buffers do. Stateless.
 */
final class DecodedInputMemory {
  /** The bound the decoded audio counts in, as the runner's refusals name it. */
  static final String TOTAL_MEMORY = "total_memory_bytes";

  private DecodedInputMemory() {}

  /**
   * {@return the bytes {@code wire}'s PCM and G.711 inputs decode to} Opus inputs count 0 here.
   *
   * @param wire the request, not yet decoded
   */
  static long knownBytes(ExecuteRequest wire) {
    long bytes = 0;
    for (io.remotemedia.proto.AudioBuffer input : wire.getAudioInputsMap().values()) {
      long size = input.getSamples().size();
      AudioEncoding encoding = input.getEncoding();
      if (encoding == AudioEncoding.AUDIO_ENCODING_PCM) {
        // A float per sample: twice the bytes of 16-bit samples, as many as 32-bit ones.
        bytes += input.getFormat() == SampleFormat.SAMPLE_FORMAT_I16 ? 2 * size : size;
      } else if (encoding == AudioEncoding.AUDIO_ENCODING_MU_LAW
          || encoding == AudioEncoding.AUDIO_ENCODING_A_LAW) {
        bytes += Float.BYTES * size;
      }
    }
    return bytes;
  }

  /** {@return the bytes of {@code inputs}' samples, decoded} */
  static long decodedBytes(Collection<AudioBuffer> inputs) {
    long bytes = 0;
    for (AudioBuffer input : inputs) {
      bytes += (long) Float.BYTES * input.sampleCount();
    }
    return bytes;
  }

  /**
   * Counts {@code bytes} more of a request's decoded input in {@code memory}, if it has room.
   *
   * @param memory the runner's memory
   * @param bytes the bytes to count now
   * @param heldBytes the bytes of the same request's input counted already (its PCM and G.711
   *     inputs, when {@code bytes} are its Opus inputs'): the request's own, not other calls'
   * @return the hold to close when the call no longer keeps the decoded input
   * @throws PipelineException BUSY when the calls hold too much of the memory for them now;
   *     RESOURCE_LIMIT when the request's input alone is more than all of it
   */
  static BufferMemory.Hold hold(BufferMemory memory, long bytes, long heldBytes) {
    Optional<BufferMemory.Hold> hold = memory.tryHold(bytes);
    if (hold.isPresent()) {
      return hold.get();
    }
    long limit = memory.limitBytes();
    long input = heldBytes + bytes;
    if (input > limit) {
      throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the request's audio decodes"
              + " to " + input + " bytes, more than the " + limit + " bytes of buffer memory"
              + " the server allows all its calls together (total_memory_bytes)")
          .limit(new LimitViolation(TOTAL_MEMORY, limit, input))
          .build();
    }
    long used = memory.usedBytes();
    throw PipelineException.builder(ErrorKind.BUSY, "the request's audio decodes to " + input
            + " bytes, and the server's other calls hold " + (used - heldBytes) + " of the "
            + limit + " bytes of buffer memory it allows them together (total_memory_bytes);"
            + " retry after " + PipelineGrpcService.BUSY_RETRY_AFTER_MS + " ms")
        .limit(new LimitViolation(TOTAL_MEMORY, limit, used + bytes))
        .retryAfterMs(PipelineGrpcService.BUSY_RETRY_AFTER_MS)
        .build();
  }

  /**
   * {@return the runner's refusal {@code refused} as the call should hear it, given that the
   * call held {@code decodedBytes} of decoded input in {@code memory} while it ran} The runner
   * decides BUSY or RESOURCE_LIMIT from its own pipeline's buffers alone, so it counts the
   * call's decoded input among the other calls': a request that only fits without it would be
   * BUSY on an idle server, and retried for ever. A BUSY naming {@value #TOTAL_MEMORY} whose
   * call, with its input, is larger than the bound becomes RESOURCE_LIMIT.
   *
   * <p>The refusal's actual value is what the memory held with the pipeline's request; less
   * what the other calls hold now, that is this call's need. Others that gave memory back since
   * the refusal make it look larger, so a call may rarely be refused for good when it would
   * just fit; the runner's own "alone" test reads the same memory.
   *
   * @param refused the runner's refusal
   * @param memory the memory the input was counted in, the runner's
   * @param decodedBytes the decoded input this call still holds in {@code memory}
   */
  static PipelineException alone(PipelineException refused, BufferMemory memory,
      long decodedBytes) {
    Optional<LimitViolation> violation = refused.limit();
    if (refused.kind() != ErrorKind.BUSY || decodedBytes == 0 || violation.isEmpty()
        || !violation.get().limit().equals(TOTAL_MEMORY)) {
      return refused;
    }
    long limit = violation.get().limitValue();
    long others = Math.max(0, memory.usedBytes() - decodedBytes);
    long call = violation.get().actualValue() - others;
    if (call <= limit) {
      return refused;
    }
    return PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "the request's audio decodes"
            + " to " + decodedBytes + " bytes, and with its pipeline's buffers it needs about "
            + call + " bytes, more than the " + limit + " bytes of buffer memory the server"
            + " allows all its calls together (total_memory_bytes)")
        .limit(new LimitViolation(TOTAL_MEMORY, limit, call))
        .cause(refused)
        .build();
  }
}
