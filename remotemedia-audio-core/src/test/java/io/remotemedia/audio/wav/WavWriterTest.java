package io.remotemedia.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.TestSignals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavWriterTest {

  private static byte[] write(AudioBuffer audio, WavSampleEncoding encoding) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WavWriter.write(out, audio, encoding);
    return out.toByteArray();
  }

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String id(byte[] bytes, int offset) {
    return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
  }

  /** Random values on the encoding's grid, so an exact round trip is possible. */
  private static float[] gridValues(WavSampleEncoding encoding, int count, long seed) {
    Random random = new Random(seed);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      if (encoding.isFloat()) {
        out[i] = (float) (2.5 * random.nextDouble() - 1.25);
      } else if (encoding.g711Law() != null) {
        // G.711's grid is the 256 values its codes decode to, independent of the codec here.
        out[i] = encoding.g711Law().decodeToPcm16((byte) random.nextInt(256)) / 32768f;
      } else {
        int bits = encoding == WavSampleEncoding.PCM_S32 ? 24 : encoding.bitsPerSample();
        // 32-bit samples keep 24 significant bits in a float: use steps of 2^-23.
        long full = 1L << (bits - 1);
        long v = random.nextInt((int) (2 * full)) - full;
        out[i] = (float) ((double) v / full);
      }
    }
    if (encoding.g711Law() == null) {
      out[0] = -1f; // the most negative value is on every integer PCM grid
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(WavSampleEncoding.class)
  void write_thenRead_roundTripsEveryEncodingExactly(WavSampleEncoding encoding)
      throws Exception {
    AudioFormat format = AudioFormat.f32(44100, 3);
    float[] samples = gridValues(encoding, 3 * 1001, encoding.ordinal());

    byte[] file = write(AudioBuffer.of(format, samples), encoding);
    WavAudio wav = new WavReader().read(new ByteArrayInputStream(file));

    assertThat(wav.samples()).containsExactly(samples);
    assertThat(wav.info()).isEqualTo(new WavInfo(44100, 3, encoding, encoding.bitsPerSample(),
        0x7, true, 1001));
  }

  @Test
  void write_pcm16Stereo_usesThePlainHeader() throws Exception {
    byte[] file = write(AudioBuffer.of(AudioFormat.f32(48000, 2),
        new float[] {0.5f, -0.5f, 0.25f, -0.25f}), WavSampleEncoding.PCM_S16);

    ByteBuffer b = le(file);
    assertThat(file).hasSize(44 + 8);
    assertThat(id(file, 0)).isEqualTo("RIFF");
    assertThat(b.getInt(4)).isEqualTo(file.length - 8);
    assertThat(id(file, 8)).isEqualTo("WAVE");
    assertThat(id(file, 12)).isEqualTo("fmt ");
    assertThat(b.getInt(16)).isEqualTo(16);
    assertThat(b.getShort(20)).isEqualTo((short) 1);
    assertThat(b.getShort(22)).isEqualTo((short) 2);
    assertThat(b.getInt(24)).isEqualTo(48000);
    assertThat(b.getInt(28)).isEqualTo(48000 * 4);
    assertThat(b.getShort(32)).isEqualTo((short) 4);
    assertThat(b.getShort(34)).isEqualTo((short) 16);
    assertThat(id(file, 36)).isEqualTo("data");
    assertThat(b.getInt(40)).isEqualTo(8);
    assertThat(Arrays.copyOfRange(file, 44, 52)).containsExactly(WavBytes.s16(16384, -16384,
        8192, -8192));
  }

  @Test
  void write_sixChannels_usesExtensibleWithThe51Mask() throws Exception {
    byte[] file = write(AudioBuffer.of(AudioFormat.f32(48000, 6), new float[12]),
        WavSampleEncoding.PCM_S16);

    ByteBuffer b = le(file);
    assertThat(b.getInt(16)).isEqualTo(40);
    assertThat(b.getShort(20) & 0xFFFF).isEqualTo(0xFFFE);
    assertThat(b.getShort(36)).isEqualTo((short) 22); // cbSize
    assertThat(b.getShort(38)).isEqualTo((short) 16); // valid bits
    assertThat(b.getInt(40)).isEqualTo(0x3F);
    assertThat(b.getShort(44)).isEqualTo((short) 1);
    assertThat(Arrays.copyOfRange(file, 46, 60)).containsExactly(WavBytes.GUID_TAIL);
    assertThat(id(file, 60)).isEqualTo("data");
    assertThat(b.getInt(64)).isEqualTo(24);
  }

  @Test
  void write_float32Mono_usesExtensibleFloatWithAFactChunk() throws Exception {
    byte[] file = write(AudioBuffer.of(AudioFormat.f32(16000, 1), new float[] {1.5f, -2f}),
        WavSampleEncoding.FLOAT32);

    ByteBuffer b = le(file);
    assertThat(b.getShort(20) & 0xFFFF).isEqualTo(0xFFFE);
    assertThat(b.getInt(40)).isEqualTo(0x4);
    assertThat(b.getShort(44)).isEqualTo((short) 3);
    assertThat(id(file, 60)).isEqualTo("fact");
    assertThat(b.getInt(64)).isEqualTo(4);
    assertThat(b.getInt(68)).isEqualTo(2);
    assertThat(id(file, 72)).isEqualTo("data");
    assertThat(b.getFloat(80)).isEqualTo(1.5f);
    assertThat(b.getFloat(84)).isEqualTo(-2f);
  }

  @Test
  void write_pcm24_packsThreeBytesPerSample() throws Exception {
    float[] samples = {(float) (0x123456 / 8388608.0), (float) (-1 / 8388608.0), -1f};

    byte[] file = write(AudioBuffer.of(AudioFormat.f32(48000, 1), samples),
        WavSampleEncoding.PCM_S24);

    int data = file.length - 10; // 9 bytes of audio and one pad byte
    assertThat(id(file, data - 8)).isEqualTo("data");
    assertThat(le(file).getInt(data - 4)).isEqualTo(9);
    assertThat(Arrays.copyOfRange(file, data, data + 9))
        .containsExactly(WavBytes.s24(0x123456, -1, -0x800000));
    assertThat(file[file.length - 1]).isZero();
    assertThat(le(file).getInt(4)).isEqualTo(file.length - 8);
  }

  @Test
  void write_oddSizedEightBitData_padsTheChunk() throws Exception {
    byte[] file = write(AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0f, -1f, 0.5f}),
        WavSampleEncoding.PCM_U8);

    assertThat(file).hasSize(44 + 3 + 1);
    assertThat(le(file).getInt(40)).isEqualTo(3);
    assertThat(le(file).getInt(4)).isEqualTo(40);
    assertThat(Arrays.copyOfRange(file, 44, 48)).containsExactly(WavBytes.u8(128, 0, 192, 0));
  }

  @Test
  void write_outOfRangeSamples_areClippedAndCounted() throws Exception {
    float[] samples = {1.5f, -1.5f, 1f, -1f, 0.5f, Float.NaN, Float.POSITIVE_INFINITY};
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long clipped = WavWriter.write(out, AudioBuffer.of(AudioFormat.f32(8000, 1), samples),
        WavSampleEncoding.PCM_S16);

    // 1.0 is one step above the largest 16-bit value, 32767 / 32768.
    assertThat(clipped).isEqualTo(4);
    byte[] file = out.toByteArray();
    assertThat(Arrays.copyOfRange(file, 44, file.length))
        .containsExactly(WavBytes.s16(32767, -32768, 32767, -32768, 16384, 0, 32767));
  }

  @ParameterizedTest
  @EnumSource(value = WavSampleEncoding.class, names = {"PCM_U8", "PCM_S24", "PCM_S32"})
  void write_fullScaleOnOtherDepths_clipsOnlyThePositiveEnd(WavSampleEncoding encoding)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    float[] samples = {1f, -1f, 2f, -2f, 0f};

    long clipped = WavWriter.write(out, AudioBuffer.of(AudioFormat.f32(8000, 1), samples),
        encoding);

    assertThat(clipped).isEqualTo(3);
    float[] back = new WavReader().read(new ByteArrayInputStream(out.toByteArray())).samples();
    double top = 1 - Math.pow(2, 1 - encoding.bitsPerSample());
    assertThat(back).containsExactly((float) top, -1f, (float) top, -1f, 0f);
  }

  @Test
  void write_floatEncodings_keepOutOfRangeValuesWithoutClipping() throws Exception {
    float[] samples = {3f, -7.25f, Float.MIN_VALUE};
    for (WavSampleEncoding encoding : new WavSampleEncoding[] {
        WavSampleEncoding.FLOAT32, WavSampleEncoding.FLOAT64}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      long clipped = WavWriter.write(out, AudioBuffer.of(AudioFormat.f32(8000, 1), samples),
          encoding);

      assertThat(clipped).isZero();
      assertThat(new WavReader().read(new ByteArrayInputStream(out.toByteArray())).samples())
          .containsExactly(samples);
    }
  }

  @Test
  void write_roundsToTheNearestStep() throws Exception {
    float step = 1f / 32768;
    float[] samples = {0.4f * step, 0.6f * step, -0.6f * step, 2.49f * step};

    byte[] file = write(AudioBuffer.of(AudioFormat.f32(8000, 1), samples),
        WavSampleEncoding.PCM_S16);

    assertThat(Arrays.copyOfRange(file, 44, 52)).containsExactly(WavBytes.s16(0, 1, -1, 2));
  }

  @Test
  void write_toPath_thenReadBack(@TempDir Path dir) throws Exception {
    float[] sine = TestSignals.sine(440, 0.5, 48000, 4800);
    Path file = dir.resolve("sine.wav");

    long clipped = WavWriter.write(file, AudioBuffer.of(AudioFormat.f32(48000, 1), sine),
        WavSampleEncoding.PCM_S24);

    assertThat(clipped).isZero();
    float[] back = new WavReader().read(file).samples();
    for (int i = 0; i < sine.length; i++) {
      assertThat(Math.abs(back[i] - sine[i])).isLessThanOrEqualTo(0.5f / 8388608 + 1e-9f);
    }
  }
}
