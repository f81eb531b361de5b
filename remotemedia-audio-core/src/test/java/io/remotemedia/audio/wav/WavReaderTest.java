package io.remotemedia.audio.wav;

import static io.remotemedia.audio.wav.WavBytes.EXTENSIBLE;
import static io.remotemedia.audio.wav.WavBytes.IEEE_FLOAT;
import static io.remotemedia.audio.wav.WavBytes.PCM;
import static io.remotemedia.audio.wav.WavBytes.wave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.fuzz.AllocationBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
  private static final WavReader READER = new WavReader();

  private static WavAudio read(byte[] file) throws IOException {
    return READER.read(new ByteArrayInputStream(file));
  }

  @Test
  void read_pcm16Stereo_dividesByFullScale() throws Exception {
    int[] values = {0, 1, -1, 32767, -32768, 12345};
    byte[] file = wave().fmt(PCM, 2, 44100, 16).data(WavBytes.s16(values)).build();

    WavAudio wav = read(file);

    assertThat(wav.info()).isEqualTo(new WavInfo(44100, 2, WavSampleEncoding.PCM_S16, 16, 0,
        false, 3));
    assertThat(wav.info().audioFormat()).isEqualTo(new AudioFormat(44100, 2, SampleFormat.I16));
    for (int i = 0; i < values.length; i++) {
      assertThat(wav.samples()[i]).isEqualTo((float) (values[i] / 32768.0));
    }
  }

  @Test
  void read_pcm8_removesTheUnsignedOffset() throws Exception {
    byte[] file = wave().fmt(PCM, 1, 8000, 8).data(WavBytes.u8(0x80, 0x00, 0xFF, 0x81))
        .build();

    WavAudio wav = read(file);

    assertThat(wav.info().encoding()).isEqualTo(WavSampleEncoding.PCM_U8);
    assertThat(wav.samples()).containsExactly(0f, -1f, 127f / 128, 1f / 128);
  }

  @Test
  void read_pcm24_signExtendsPackedSamples() throws Exception {
    // Hand-packed little-endian triples: -1, the most negative value, the most positive.
    byte[] packed = WavBytes.u8(0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F);
    int[] more = {0, 1, -2, 0x123456, -0x123456};
    byte[] data = new byte[packed.length + more.length * 3];
    System.arraycopy(packed, 0, data, 0, packed.length);
    System.arraycopy(WavBytes.s24(more), 0, data, packed.length, more.length * 3);
    byte[] file = wave().fmt(PCM, 1, 48000, 24).data(data).build();

    WavAudio wav = read(file);

    float[] expected = new float[8];
    int[] all = {-1, -0x800000, 0x7FFFFF, 0, 1, -2, 0x123456, -0x123456};
    for (int i = 0; i < all.length; i++) {
      expected[i] = (float) (all[i] / 8388608.0);
    }
    assertThat(wav.samples()).containsExactly(expected);
    assertThat(wav.info().audioFormat().sampleFormat()).isEqualTo(SampleFormat.I32);
  }

  @Test
  void read_pcm32_dividesByTwoToThe31() throws Exception {
    int[] values = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 256, -123456789};
    byte[] file = wave().fmt(PCM, 1, 96000, 32).data(WavBytes.s32(values)).build();

    WavAudio wav = read(file);

    for (int i = 0; i < values.length; i++) {
      assertThat(wav.samples()[i]).isEqualTo((float) (values[i] / 2147483648.0));
    }
  }

  @Test
  void read_float32WithEighteenByteFmt_keepsValuesBeyondFullScale() throws Exception {
    // Plain IEEE float headers carry cbSize = 0, making the fmt chunk 18 bytes.
    byte[] fmt = new byte[18];
    System.arraycopy(wave().fmt(IEEE_FLOAT, 1, 16000, 32).build(), 20, fmt, 0, 16);
    float[] values = {0.25f, -1.5f, 3.0e-8f, 1f};
    byte[] file = wave().chunk("fmt ", fmt).chunk("fact", WavBytes.s32(4))
        .data(WavBytes.f32(values)).build();

    WavAudio wav = read(file);

    assertThat(wav.info().encoding()).isEqualTo(WavSampleEncoding.FLOAT32);
    assertThat(wav.samples()).containsExactly(values);
  }

  @Test
  void read_float64_roundsToFloat() throws Exception {
    double[] values = {0.1, -0.999999999, 1e-300};
    byte[] file = wave().fmt(IEEE_FLOAT, 1, 48000, 64).data(WavBytes.f64(values)).build();

    WavAudio wav = read(file);

    assertThat(wav.samples()).containsExactly(0.1f, -0.999999999f, 0f);
  }

  @Test
  void read_extensibleSixChannels_deinterleavesWithTheMask() throws Exception {
    int frames = 5;
    int[] values = new int[frames * 6];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 6 + 1) * 100_000 * (i / 6 % 2 == 0 ? 1 : -1);
    }
    byte[] file = wave().fmtExtensible(PCM, 6, 48000, 24, 24, 0x3F)
        .chunk("fact", WavBytes.s32(frames)).data(WavBytes.s24(values)).build();

    WavAudio wav = read(file);

    assertThat(wav.info()).isEqualTo(new WavInfo(48000, 6, WavSampleEncoding.PCM_S24, 24,
        0x3F, true, frames));
    for (int c = 0; c < 6; c++) {
      float[] channel = TestSignals.channel(wav.samples(), 6, c);
      for (int f = 0; f < frames; f++) {
        assertThat(channel[f]).isEqualTo((float) (values[f * 6 + c] / 8388608.0));
      }
    }
  }

  @Test
  void read_extensibleFloatWithTwentyValidBits_reportsThem() throws Exception {
    byte[] file = wave().fmtExtensible(IEEE_FLOAT, 2, 44100, 32, 20, 0x3)
        .data(WavBytes.f32(0.5f, -0.5f)).build();

    WavAudio wav = read(file);

    assertThat(wav.info().validBitsPerSample()).isEqualTo(20);
    assertThat(wav.info().encoding()).isEqualTo(WavSampleEncoding.FLOAT32);
    assertThat(wav.samples()).containsExactly(0.5f, -0.5f);
  }

  @Test
  void read_unknownOddSizedChunks_areSkippedWithTheirPadByte() throws Exception {
    byte[] file = wave()
        .chunk("JUNK", WavBytes.u8(1, 2, 3))
        .fmt(PCM, 1, 8000, 16)
        .chunk("LIST", WavBytes.u8('I', 'N', 'F', 'O', 'x'))
        .chunk("bext", new byte[7])
        .data(WavBytes.s16(1000, -1000))
        .build();

    WavAudio wav = read(file);

    assertThat(wav.samples()).containsExactly(1000f / 32768, -1000f / 32768);
  }

  @Test
  void read_oddSizedDataChunkFollowedByMore_readsTheSamples() throws Exception {
    byte[] file = wave().fmt(PCM, 1, 8000, 8).data(WavBytes.u8(0x90, 0x70, 0x80))
        .chunk("LIST", new byte[4]).build();

    assertThat(read(file).samples()).containsExactly(16f / 128, -16f / 128, 0f);
  }

  @Test
  void read_dataSizeNotWholeFrames_dropsThePartialFrame() throws Exception {
    byte[] file = wave().fmt(PCM, 2, 8000, 16).data(WavBytes.s16(1, 2, 3)).build();

    WavAudio wav = read(file);

    assertThat(wav.info().frameCount()).isEqualTo(1);
    assertThat(wav.samples()).containsExactly(1f / 32768, 2f / 32768);
  }

  @Test
  void read_emptyDataChunk_givesNoFrames() throws Exception {
    WavAudio wav = read(wave().fmt(PCM, 2, 8000, 16).data(new byte[0]).build());

    assertThat(wav.samples()).isEmpty();
    assertThat(wav.toAudioBuffer().frameCount()).isZero();
  }

  @Test
  void read_fromPath_readsTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.wav");
    Files.write(file, wave().fmt(PCM, 1, 22050, 16).data(WavBytes.s16(-16384)).build());

    assertThat(READER.read(file).samples()).containsExactly(-0.5f);
  }

  @Test
  void read_truncatedRiffHeader_namesTheBytesPresent() {
    byte[] file = Arrays.copyOf(wave().build(), 8);

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated RIFF header at byte 0: 12 bytes needed, the file ends after 8");
  }

  @Test
  void read_truncatedDataChunk_namesDeclaredAndPresentBytes() {
    byte[] full = wave().fmt(PCM, 1, 48000, 16)
        .rawChunk("data", 96000, new byte[1200], false).build();

    assertThatThrownBy(() -> read(full))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated data chunk at byte 36: header says 96000 bytes, the file ends"
            + " after 1200 of them")
        .extracting(e -> ((WavFormatException) e).byteOffset()).isEqualTo(36L);
  }

  @Test
  void read_dataSizeFarBeyondTheFile_allocatesOnlyForTheBytesPresent() throws Exception {
    // Found by WavReaderFuzzTest: a 77-byte file declaring 16 MiB of 8-bit data made the
    // reader allocate 64 MiB of floats before reading a byte.
    byte[] file = wave().fmt(PCM, 1, 8000, 8)
        .rawChunk("data", 200_000_000, new byte[32], false).build();

    AllocationBudget.of(1 << 20).check(() -> assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated data chunk at byte 36: header says 200000000 bytes, the file"
            + " ends after 32 of them"));
  }

  @Test
  void read_dataLongerThanManyReadBlocks_growsTheSamplesToExactlyTheData() throws Exception {
    int frames = 300_001; // several 64 KiB read blocks and array growths, and an odd tail
    byte[] data = new byte[frames];
    for (int i = 0; i < frames; i++) {
      data[i] = (byte) (i * 7);
    }

    WavAudio wav = read(wave().fmt(PCM, 1, 8000, 8).data(data).build());

    assertThat(wav.samples()).hasSize(frames);
    for (int i = 0; i < frames; i += 997) {
      assertThat(wav.samples()[i]).isEqualTo(((data[i] & 0xFF) - 128) / 128f);
    }
    assertThat(wav.samples()[frames - 1]).isEqualTo(((data[frames - 1] & 0xFF) - 128) / 128f);
  }

  @Test
  void read_truncatedFmtChunk_isReported() {
    byte[] file = Arrays.copyOf(wave().fmt(PCM, 1, 48000, 16).build(), 12 + 8 + 10);

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated fmt chunk at byte 12: header says 16 bytes, the file ends after"
            + " 10 of them");
  }

  @Test
  void read_fmtChunkLongerThanTheFile_isReportedInTheChunksOwnFigures() {
    // A 16-byte PCM body, a 200-byte data chunk: 224 bytes follow a header that says 4096. The
    // message said 4056 and 184, both 40 short, what the reader had taken to parse the body.
    byte[] body = Arrays.copyOfRange(wave().fmt(PCM, 1, 8000, 16).build(), 20, 36);
    byte[] file = wave().rawChunk("fmt ", 4096, body, false).data(new byte[200]).build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated \"fmt \" chunk at byte 12: header says 4096 bytes, the file"
            + " ends after 224 of them");
  }

  @Test
  void read_oddChunkLongerThanTheFile_saysTheSizeItsHeaderSays() {
    byte[] file = wave().fmt(PCM, 1, 8000, 16).rawChunk("JUNK", 0xFFFF_FFFFL, new byte[6],
        false).build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated \"JUNK\" chunk at byte 36: header says 4294967295 bytes, the"
            + " file ends after 6 of them");
  }

  @Test
  void read_oddChunkWithoutItsPadByte_saysItIsThePadThatIsMissing() {
    // "header says 5 bytes, the file ends after 5 of them" contradicted itself.
    byte[] file = wave().fmt(PCM, 1, 8000, 16).rawChunk("JUNK", 5, new byte[5], false).build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated \"JUNK\" chunk at byte 36: its 5 bytes are all there, but not"
            + " the pad byte an odd-sized chunk is followed by");
  }

  @Test
  void read_truncatedUnknownChunk_namesIt() {
    byte[] file = wave().fmt(PCM, 1, 48000, 16).rawChunk("LIST", 100, new byte[10], false)
        .build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated \"LIST\" chunk at byte 36: header says 100 bytes, the file ends"
            + " after 10 of them");
  }

  @Test
  void read_truncatedChunkHeader_isReported() {
    byte[] file = Arrays.copyOf(wave().fmt(PCM, 1, 48000, 16).build(), 36 + 5);
    // The RIFF size field is not checked, so the cut header itself is the problem.
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated chunk header at byte 36: 8 bytes needed, the file ends after 5");
  }

  @Test
  void read_noDataChunk_saysSo() {
    byte[] file = wave().fmt(PCM, 1, 48000, 16).chunk("LIST", new byte[4]).build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("no data chunk: the file ends at byte 48");
  }

  @Test
  void read_dataBeforeFmt_isRejected() {
    byte[] file = wave().data(WavBytes.s16(1)).fmt(PCM, 1, 48000, 16).build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("data chunk at byte 12 comes before the fmt chunk");
  }

  @Test
  void read_mp3FormatTag_namesItAndTheSupportedOnes() {
    byte[] file = wave().fmt(0x0055, 2, 44100, 16).data(new byte[4]).build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: unsupported format tag 0x0055 (MP3); supported: PCM"
            + " (0x0001), IEEE float (0x0003), A-law (0x0006), mu-law (0x0007), extensible"
            + " (0xFFFE) with one of those sub-formats");
  }

  @Test
  void read_extensibleWithALawSubFormat_decodesTheCodes() throws Exception {
    // 0xD5 and 0x55 are A-law's smallest steps, +8 and -8 on the 16-bit grid (G.711 table 1).
    byte[] file = wave().fmtExtensible(0x0006, 1, 8000, 8, 8, 0x4)
        .data(new byte[] {(byte) 0xD5, 0x55}).build();

    WavAudio wav = read(file);

    assertThat(wav.info().encoding()).isEqualTo(WavSampleEncoding.A_LAW);
    assertThat(wav.samples()).containsExactly(8 / 32768f, -8 / 32768f);
  }

  @Test
  void read_muLawWithSixteenBits_namesTheSupportedDepth() {
    byte[] file = wave().fmt(0x0007, 1, 8000, 16).data(new byte[2]).build();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: unsupported mu-law bit depth 16; supported: 8");
  }

  @Test
  void read_extensibleWithForeignGuid_isRejected() {
    byte[] file = wave().fmtExtensible(PCM, 1, 8000, 16, 16, 0x4).data(new byte[2]).build();
    file[12 + 8 + 24 + 15] = 0x72; // last GUID byte

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: unsupported extensible sub-format GUID "
            + "00000001-0000-0010-8000-00AA00389B72; supported: KSDATAFORMAT_SUBTYPE_PCM,"
            + " _IEEE_FLOAT, _ALAW and _MULAW");
  }

  @Test
  void read_unsupportedBitDepths_areRejected() {
    byte[] pcm12 = wave().fmt(PCM, 1, 8000, 12).data(new byte[2]).build();
    byte[] float16 = wave().fmt(IEEE_FLOAT, 1, 8000, 16).data(new byte[2]).build();

    assertThatThrownBy(() -> read(pcm12))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: unsupported PCM bit depth 12; supported: 8, 16, 24,"
            + " 32");
    assertThatThrownBy(() -> read(float16))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: unsupported IEEE float bit depth 16; supported: 32,"
            + " 64");
  }

  @Test
  void read_badFmtFields_areNamed() {
    byte[] zeroChannels = wave().fmt(PCM, 0, 8000, 16).data(new byte[2]).build();
    byte[] hugeRate = wave().fmt(PCM, 1, 1_000_000, 16).data(new byte[2]).build();
    byte[] badAlign = wave().fmt(PCM, 2, 8000, 16).data(new byte[4]).build();
    badAlign[12 + 8 + 12] = 2; // block align 2 for 2 x 16 bits
    byte[] shortFmt = wave().chunk("fmt ", new byte[14]).data(new byte[2]).build();
    byte[] shortExtensible = wave().fmt(EXTENSIBLE, 1, 8000, 16).data(new byte[2]).build();

    assertThatThrownBy(() -> read(zeroChannels)).isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: channel count 0 is outside [1, 64]");
    assertThatThrownBy(() -> read(hugeRate)).isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: sample rate 1000000 Hz is outside [1, 768000]");
    assertThatThrownBy(() -> read(badAlign)).isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: block align 2 does not match 2 channels x 16 bits"
            + " (expected 4)");
    assertThatThrownBy(() -> read(shortFmt)).isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12 is 14 bytes; at least 16 are needed");
    assertThatThrownBy(() -> read(shortExtensible)).isInstanceOf(WavFormatException.class)
        .hasMessage("fmt chunk at byte 12: WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk"
            + " with an extension of 22 bytes, found 16 bytes");
  }

  @Test
  void read_dataChunkOverTheLimit_isRefusedBeforeAllocating() {
    // 0xFFFFFFF0 would be a streaming placeholder (WavReaderPlaceholderSizeTest).
    byte[] file = wave().fmt(PCM, 1, 8000, 8)
        .rawChunk("data", 200_000, new byte[16], false).build();

    assertThatThrownBy(() -> new WavReader(1000).read(new ByteArrayInputStream(file)))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("data chunk at byte 36 is 200000 bytes, over the limit of 1000 bytes");
  }

  @Test
  void read_notRiff_isRejected() {
    byte[] id3 = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0, 0, 0};
    byte[] rifx = wave().build();
    rifx[3] = 'X';
    byte[] avi = wave().build();
    System.arraycopy("AVI ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, avi, 8, 4);

    assertThatThrownBy(() -> read(id3)).isInstanceOf(WavFormatException.class)
        .hasMessage("not a WAV file: expected \"RIFF\" at byte 0, found \"ID3\\x03\"");
    assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(WavFormatException.class)
        .hasMessage("not a WAV file: the input is empty");
    assertThatThrownBy(() -> read(rifx)).isInstanceOf(WavFormatException.class)
        .hasMessage("unsupported big-endian RIFX file; only little-endian RIFF WAV files are"
            + " read");
    assertThatThrownBy(() -> read(avi)).isInstanceOf(WavFormatException.class)
        .hasMessage("not a WAV file: RIFF form type at byte 8 is \"AVI \", expected \"WAVE\"");
  }

  @Test
  void read_garbageAfterTheRiffHeader_isACorruptChunk() {
    byte[] file = wave().chunk("fmt ", new byte[0]).build();
    file[12] = 0;
    file[13] = (byte) 0xFE;

    assertThatThrownBy(() -> read(file)).isInstanceOf(WavFormatException.class)
        .hasMessage("corrupt chunk at byte 12: chunk id 0x00FE7420 is not text; the file is"
            + " damaged or not a WAV file");
  }

  @Test
  void read_endlessEmptyChunks_stopsAtTheChunkLimit() {
    WavBytes bytes = wave().fmt(PCM, 1, 8000, 16);
    for (int i = 0; i < WavReader.MAX_CHUNKS; i++) {
      bytes.chunk("JUNK", new byte[0]);
    }
    byte[] file = bytes.data(new byte[2]).build();

    assertThatThrownBy(() -> read(file)).isInstanceOf(WavFormatException.class)
        .hasMessageStartingWith("more than 4096 chunks before the data chunk at byte ");
  }

  @Test
  void read_randomlyCorruptedFiles_failOnlyWithWavFormatException() throws Exception {
    byte[] valid = wave().fmt(PCM, 2, 48000, 16).chunk("LIST", new byte[9])
        .data(WavBytes.s16(new int[64])).build();
    Random random = new Random(3);
    int failures = 0;
    for (int run = 0; run < 3000; run++) {
      byte[] file = Arrays.copyOf(valid, random.nextInt(valid.length + 1));
      for (int k = random.nextInt(4); k >= 0 && file.length > 0; k--) {
        file[random.nextInt(file.length)] = (byte) random.nextInt(256);
      }
      try {
        WavAudio wav = new WavReader(1 << 16).read(new ByteArrayInputStream(file));
        assertThat(wav.samples().length).isLessThanOrEqualTo(1 << 16);
      } catch (WavFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
        failures++;
      }
    }
    assertThat(failures).isGreaterThan(100);
  }
}
