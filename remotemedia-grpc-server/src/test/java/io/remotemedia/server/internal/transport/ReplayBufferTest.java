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
 * acknowledge nothing cannot hold more than the process has together, while a session within
 * the room it reserved when it opened is never failed for what others hold.
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
    first.add(result(0, RESULT_BYTES));
    first.add(result(1, RESULT_BYTES));
    second.add(result(0, RESULT_BYTES));
    long held = memory.usedBytes();
    // Each session's reservation and what it keeps beyond it.
    assertThat(held).isEqualTo(first.bytes() + second.bytes()).isGreaterThan(3L * RESULT_BYTES);

    assertThatThrownBy(() -> second.add(result(1, RESULT_BYTES)))
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
    assertThat(second.count()).isEqualTo(1);

    long firstResult = result(0, RESULT_BYTES).getSerializedSize();
    first.acknowledge(1);
    assertThat(memory.usedBytes()).as("the first result's share beyond the reservation")
        .isEqualTo(held - (firstResult - ReplayBuffer.RESERVED_BYTES));
    second.add(result(1, RESULT_BYTES));
    assertThat(second.count()).isEqualTo(2);

    first.clear();
    second.clear();
    assertThat(memory.usedBytes()).isZero();
  }

  @Test
  void add_pastTheSessionsOwnBound_isRefusedForGoodBeforeTheRunnersBound() {
    ReplayBuffer session = new ReplayBuffer(500_000, memory);
    session.add(result(0, RESULT_BYTES));

    assertThatThrownBy(() -> session.add(result(1, RESULT_BYTES)))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.limit()).hasValueSatisfying(limit ->
              assertThat(limit.limit()).isEqualTo(ReplayBuffer.LIMIT));
        });
    assertThat(memory.usedBytes()).isEqualTo(session.bytes());
    session.clear();
    assertThat(memory.usedBytes()).isZero();
  }

  @Test
  void add_withinTheReservation_isNeverRefusedForWhatOthersHold() {
    BufferMemory.Hold others = memory.hold(1_000_000 - ReplayBuffer.RESERVED_BYTES);
    ReplayBuffer session = new ReplayBuffer(4L << 20, memory);
    assertThat(memory.usedBytes()).as("the bound is full").isEqualTo(1_000_000);

    // Six results of 10 KB: within the 64 KiB the session reserved when it opened.
    for (int i = 0; i < 6; i++) {
      session.add(result(i, 10_000));
    }
    assertThatThrownBy(() -> session.add(result(6, 10_000)))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.BUSY));
    assertThatThrownBy(() -> new ReplayBuffer(4L << 20, memory))
        .as("a new session finds no room for its reservation")
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
          assertThat(e.getMessage()).startsWith("a resumable session reserves 65536 bytes");
        });

    session.clear();
    others.close();
    assertThat(memory.usedBytes()).isZero();
  }

  /** results_received is a uint64: 2^63 and more (negative as a long) acknowledge everything. */
  @Test
  void acknowledge_countsPast2To63_acknowledgeEveryResult() {
    ReplayBuffer session = new ReplayBuffer(4L << 20, memory);
    session.add(result(0, 10));
    session.add(result(1, 10));
    session.add(result(2, 10));

    session.acknowledge(1);
    assertThat(session.count()).isEqualTo(2);
    session.acknowledge(0); // an older count acknowledges nothing more
    assertThat(session.count()).isEqualTo(2);
    session.acknowledge(Long.MIN_VALUE); // 2^63
    assertThat(session.count()).isZero();
    assertThat(session.bytes()).isZero();
    session.clear();
  }

  private static StreamResponse result(long sequence, int bytes) {
    return StreamResponse.newBuilder().setResult(StreamResult.newBuilder()
        .setSequence(sequence)
        .putAudioOutputs("out", AudioBuffer.newBuilder()
            .setSamples(ByteString.copyFrom(new byte[bytes])).build()))
        .build();
  }
}
