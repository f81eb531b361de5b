package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScatteredPcmTest {
  @ParameterizedTest
  @EnumSource(SampleFormat.class)
  void fromProto_samplesInOddSizedDirectPieces_decodeAsTheContiguousBytes(SampleFormat format) {
    float[] signal = new float[1001];
    Random random = new Random(7);
    for (int i = 0; i < signal.length; i++) {
      signal[i] = random.nextFloat() * 2 - 1;
    }
    io.remotemedia.proto.AudioBuffer contiguous = AudioWire.toProto(
        AudioBuffer.of(new AudioFormat(48_000, 1, format), signal));
    // Direct pieces of 129 to 141 bytes (protobuf flattens ropes of pieces under 128 bytes), as
    // a message parsed from the network's buffers aliases them: samples straddle the seams.
    byte[] bytes = contiguous.getSamples().toByteArray();
    List<ByteString> pieces = new ArrayList<>();
    for (int at = 0, size = 129; at < bytes.length; at += size, size = 129 + (size - 128) % 13) {
      int length = Math.min(size, bytes.length - at);
      ByteBuffer piece = ByteBuffer.allocateDirect(length).put(bytes, at, length).flip();
      pieces.add(UnsafeByteOperations.unsafeWrap(piece));
    }
    ByteString scattered = ByteString.copyFrom(pieces);
    assertThat(scattered.asReadOnlyByteBufferList()).hasSizeGreaterThan(1);

    AudioBuffer decoded = AudioWire.fromProto(contiguous.toBuilder().setSamples(scattered)
        .build(), "audio");

    assertThat(decoded.samples()).containsExactly(
        AudioWire.fromProto(contiguous, "audio").samples());
  }
}
