package io.remotemedia.proto.internal.wire;

import com.google.protobuf.ByteString;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.pcm.PcmCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes PCM whose bytes lie in several buffers, without gathering them into one first: a
 * message parsed from the transport's buffers with aliasing has its samples as a rope of the
 * network buffers (16 KiB HTTP/2 frames), and {@link ByteString#asReadOnlyByteBuffer()} would
 * copy a rope whole. A sample split between two buffers goes through a scratch of one sample.
 * Stateless and thread-safe.
 */
final class ScatteredPcm {
  private ScatteredPcm() {}

  /**
   * Decodes every sample of {@code bytes} into {@code dst[0..)}.
   *
   * @param bytes little-endian samples; its size is a multiple of the sample size
   * @param format the encoding of the samples
   * @param dst receives {@code bytes.size() / format.bytesPerSample()} samples
   */
  static void decode(ByteString bytes, SampleFormat format, float[] dst) {
    int bytesPerSample = format.bytesPerSample();
    ByteBuffer split = ByteBuffer.allocate(bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
    int decoded = 0;
    for (ByteBuffer piece : bytes.asReadOnlyByteBufferList()) {
      piece.order(ByteOrder.LITTLE_ENDIAN);
      if (split.position() > 0) {
        while (split.hasRemaining() && piece.hasRemaining()) {
          split.put(piece.get());
        }
        if (split.hasRemaining()) {
          continue;
        }
        split.flip();
        PcmCodec.decode(split, format, dst, decoded++, 1);
        split.clear();
      }
      int whole = piece.remaining() / bytesPerSample;
      PcmCodec.decode(piece, format, dst, decoded, whole);
      decoded += whole;
      split.put(piece);
    }
  }
}
