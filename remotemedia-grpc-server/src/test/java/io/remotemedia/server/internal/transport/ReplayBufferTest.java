package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResult;
import org.junit.jupiter.api.Test;

/**
 * The results a resumable session keeps for its client are bounded per session ({@code
 * streams.resume_buffer_bytes}) and, with every other session's and every call's buffers, by
 * the runner's memory bound ({@code limits.total_memory_bytes}): sessions whose clients
 * acknowledge nothing cannot hold more than the process has together.
 */
class ReplayBufferTest {
  private static final int RESULT_BYTES = 300_000;
  /** Room for three results beside nothing else. */
  private final BufferMemory memory = LocalPipelineRunner.builder()
      .totalMemoryBytes(1_000_000)
      .build()
      .memory();

  @Test
  void add_manySessions_stayWithinTheRunnersBoundUntilAcknowledgedOrCleared() {
    ReplayBuffer first = new ReplayBuffer(4L << 20, memory);
    ReplayBuffer second = new ReplayBuffer(4L << 20, memory);
    first.add(result(0));
    first.add(result(1));
    second.add(result(0));
    long held = memory.usedBytes();
    assertThat(held).isEqualTo(first.bytes() + second.bytes()).isGreaterThan(3L * RESULT_BYTES);

    assertThatThrownBy(() -> second.add(result(1)))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
          assertThat(e.retryAfterMs()).isPositive();
          assertThat(e.limit()).hasValueSatisfying(limit -> {
            assertThat(limit.limit()).isEqualTo("total_memory_bytes");
            assertThat(limit.limitValue()).isEqualTo(1_000_000);
          });
          assertThat(e.getMessage()).contains("hold " + held + " of the 1000000 bytes");
        });
    assertThat(memory.usedBytes()).as("the refused result takes nothing").isEqualTo(held);
    assertThat(second.pending()).hasSize(1);

    first.acknowledge(1);
    assertThat(memory.usedBytes()).isEqualTo(first.bytes() + second.bytes());
    second.add(result(1));
    assertThat(second.pending()).hasSize(2);

    first.clear();
    second.clear();
    assertThat(memory.usedBytes()).isZero();
  }

  @Test
  void add_pastTheSessionsOwnBound_isRefusedForGoodBeforeTheRunnersBound() {
    ReplayBuffer session = new ReplayBuffer(500_000, memory);
    session.add(result(0));

    assertThatThrownBy(() -> session.add(result(1)))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.limit()).hasValueSatisfying(limit ->
              assertThat(limit.limit()).isEqualTo(ReplayBuffer.LIMIT));
        });
    assertThat(memory.usedBytes()).isEqualTo(session.bytes());
    session.clear();
    assertThat(memory.usedBytes()).isZero();
  }

  private static StreamResponse result(long sequence) {
    return StreamResponse.newBuilder().setResult(StreamResult.newBuilder()
        .setSequence(sequence)
        .putAudioOutputs("out", AudioBuffer.newBuilder()
            .setSamples(ByteString.copyFrom(new byte[RESULT_BYTES])).build()))
        .build();
  }
}
