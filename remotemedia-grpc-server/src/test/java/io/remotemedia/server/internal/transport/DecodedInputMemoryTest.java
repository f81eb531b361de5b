package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a request's decoded input counts in the runner's memory. */
class DecodedInputMemoryTest {
  @Test
  void decodedBytes_arraysLongerThanTheirSamples_countWhatTheArraysHold() {
    // 16,385 samples come in an array of the next size class: 16,384 + 16,384 / 8 floats.
    RequestSampleArrays.Lease lease = new RequestSampleArrays(1L << 20).lease();
    AudioBuffer pooled = AudioBuffer.of(AudioFormat.f32(16_000, 1), lease.take(16_385), 16_385);
    AudioBuffer exact = AudioBuffer.of(AudioFormat.f32(16_000, 2), new float[200]);

    assertThat(DecodedInputMemory.decodedBytes(List.of(pooled, exact)))
        .isEqualTo((18_432L + 200) * Float.BYTES);
  }
}
