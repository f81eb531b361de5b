package io.remotemedia.audio.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.SampleFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PcmCodecTest {

  @Test
  void decodeThenEncode_i16_roundTripsEveryValueExactly() {
    int count = 65536;
    ByteBuffer encoded = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v++) {
      encoded.putShort((short) v);
    }
    encoded.flip();
    float[] samples = new float[count];
    PcmCodec.decode(encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN), SampleFormat.I16,
        samples, count);

    ByteBuffer back = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
    int clipped = PcmCodec.encode(samples, count, SampleFormat.I16, back);

    assertThat(clipped).isZero();
    assertThat(back.array()).isEqualTo(encoded.array());
  }

  @Test
  void decode_i16_isLittleEndianAndScaledByFullScale() {
    ByteBuffer bytes = ByteBuffer.wrap(new byte[] {0x00, 0x40, 0x00, (byte) 0x80})
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[2];

    PcmCodec.decode(bytes, SampleFormat.I16, out, 2);

    assertThat(out).containsExactly(0.5f, -1.0f);
    assertThat(bytes.remaining()).isZero();
  }

  @Test
  void encode_i16_clipsOutOfRangeValuesAndCountsThem() {
    float[] in = {1.5f, -1.5f, 0.25f, 1.0f, -1.0f, Float.POSITIVE_INFINITY};
    ByteBuffer out = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);

    int clipped = PcmCodec.encode(in, in.length, SampleFormat.I16, out);

    out.flip();
    ShortBuffer shorts = out.asShortBuffer();
    assertThat(new short[] {shorts.get(0), shorts.get(1), shorts.get(2), shorts.get(3),
        shorts.get(4), shorts.get(5)})
        .containsExactly((short) 32767, (short) -32768, (short) 8192, (short) 32767,
            (short) -32768, (short) 32767);
    // 1.5, -1.5, +1.0 (32768 does not fit) and +Inf are clipped; -1.0 is exactly -32768.
    assertThat(clipped).isEqualTo(4);
  }

  @Test
  void encode_i32_clipsAndKeepsFloatPrecision() {
    float[] in = {0.5f, -1.0f, 2.0f, 0.1f};
    ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    int clipped = PcmCodec.encode(in, in.length, SampleFormat.I32, out);

    out.flip();
    assertThat(out.getInt(0)).isEqualTo(1 << 30);
    assertThat(out.getInt(4)).isEqualTo(Integer.MIN_VALUE);
    assertThat(out.getInt(8)).isEqualTo(Integer.MAX_VALUE);
    assertThat(clipped).isEqualTo(1);
    float[] back = new float[4];
    PcmCodec.decode(out, SampleFormat.I32, back, 4);
    assertThat(back[3]).isCloseTo(0.1f, within(1e-7f));
  }

  @Test
  void f32_roundTripsBitExactlyWithoutClipping() {
    float[] in = {0.1f, -3.5f, Float.MIN_VALUE, 1e-20f};
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    int clipped = PcmCodec.encode(in, in.length, SampleFormat.F32, bytes);
    bytes.flip();
    float[] back = new float[4];
    PcmCodec.decode(bytes, SampleFormat.F32, back, 4);

    assertThat(clipped).isZero();
    assertThat(back).containsExactly(in);
    assertThat(bytes.order(ByteOrder.LITTLE_ENDIAN).getFloat(4)).isEqualTo(-3.5f);
  }

  @Test
  void shortBuffer_roundTripsAndClips() {
    ShortBuffer in = ShortBuffer.wrap(new short[] {-32768, -1, 0, 1, 32767});
    float[] samples = new float[6];
    PcmCodec.decode(in, samples, 5);
    samples[5] = 7f;
    ShortBuffer out = ShortBuffer.allocate(6);

    int clipped = PcmCodec.encode(samples, 6, out);

    assertThat(out.array()).containsExactly(-32768, -1, 0, 1, 32767, 32767);
    assertThat(clipped).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(SampleFormat.class)
  void quantize_equalsEncodingThenDecoding(SampleFormat format) {
    Random random = new Random(11);
    float[] src = new float[20_000];
    for (int i = 0; i < src.length; i++) {
      // In range, past full scale, tiny, and exactly halfway between grid steps.
      src[i] = switch (i % 4) {
        case 0 -> random.nextFloat() * 2 - 1;
        case 1 -> (random.nextFloat() * 2 - 1) * 3;
        case 2 -> (random.nextFloat() - 0.5f) * 1e-6f;
        default -> (random.nextInt(65536) - 32768 + 0.5f) / 32768f;
      };
    }
    src[0] = Float.NaN;
    src[1] = 1f;
    src[2] = -1f;
    ByteBuffer bytes = ByteBuffer.allocate(src.length * format.bytesPerSample())
        .order(ByteOrder.LITTLE_ENDIAN);
    int encodeClipped = PcmCodec.encode(src, src.length, format, bytes);
    bytes.flip();
    float[] decoded = new float[src.length];
    PcmCodec.decode(bytes, format, decoded, src.length);

    float[] quantized = new float[src.length + 3];
    int clipped = PcmCodec.quantize(src, 0, quantized, 3, src.length, format);

    assertThat(Arrays.copyOfRange(quantized, 3, quantized.length)).containsExactly(decoded);
    assertThat(clipped).isEqualTo(encodeClipped);
    if (format != SampleFormat.F32) {
      assertThat(clipped).isPositive();
    }
  }

  @Test
  void decode_bigEndianBuffer_isRejected() {
    ByteBuffer big = ByteBuffer.allocate(4);

    assertThatThrownBy(() -> PcmCodec.decode(big, SampleFormat.F32, new float[1], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LITTLE_ENDIAN");
  }

  @Test
  void decode_tooFewBytes_namesBothCounts() {
    ByteBuffer bytes = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);

    assertThatThrownBy(() -> PcmCodec.decode(bytes, SampleFormat.I16, new float[4], 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source has 6 bytes, 8 needed for 4 I16 samples");
  }
}
