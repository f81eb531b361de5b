package io.remotemedia.audio.wav;

import static io.remotemedia.audio.wav.WavBytes.PCM;
import static io.remotemedia.audio.wav.WavBytes.wave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.fuzz.AllocationBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data chunks whose size a streaming writer left as a placeholder (0, sox's 0x7FFFF000,
 * ffmpeg's 0xFFFFFFFF): the audio runs to the end of the input. {@link WavSoxCrossCheckTest}
 * reads real files that sox wrote to a pipe.
 */
class WavReaderPlaceholderSizeTest {
  private static final long SOX_PLACEHOLDER = 0x7FFF_F000L;
  private static final long FFMPEG_PLACEHOLDER = 0xFFFF_FFFFL;

  /** A stereo 16-bit sine, {@code frames} frames long, as the ints stored in the file. */
  private static int[] stereoSine(int frames) {
    float[] left = TestSignals.sine(440, 0.5, 8000, frames);
    float[] right = TestSignals.sine(1000, 0.25, 8000, frames);
    float[] interleaved = TestSignals.interleave(left, right);
    int[] out = new int[interleaved.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.round(interleaved[i] * 32767);
    }
    return out;
  }

  private static float[] decoded(int[] pcm16) {
    float[] out = new float[pcm16.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = pcm16[i] / 32768f;
    }
    return out;
  }

  /** A stereo 16-bit file whose data chunk claims {@code declaredSize} and holds {@code data}. */
  private static byte[] streamed(long declaredSize, byte[] data) {
    return wave().fmt(PCM, 2, 8000, 16).rawChunk("data", declaredSize, data, false).build();
  }

  private static WavAudio read(byte[] file) throws IOException {
    return new WavReader().read(new ByteArrayInputStream(file));
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, SOX_PLACEHOLDER, FFMPEG_PLACEHOLDER})
  void read_placeholderDataSize_readsToTheEndOfTheInput(long declaredSize) throws Exception {
    int[] pcm = stereoSine(1000);

    WavAudio wav = read(streamed(declaredSize, WavBytes.s16(pcm)));

    assertThat(wav.info().frameCount()).isEqualTo(1000);
    assertThat(wav.samples()).containsExactly(decoded(pcm));
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, SOX_PLACEHOLDER, FFMPEG_PLACEHOLDER})
  void read_placeholderDataSizeEndingInAPartialFrame_dropsIt(long declaredSize)
      throws Exception {
    int[] pcm = stereoSine(10);
    // Three more bytes: one more left sample and half a right one.
    byte[] data = Arrays.copyOf(WavBytes.s16(pcm), pcm.length * 2 + 3);

    WavAudio wav = read(streamed(declaredSize, data));

    assertThat(wav.info().frameCount()).isEqualTo(10);
    assertThat(wav.samples()).containsExactly(decoded(pcm));
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, SOX_PLACEHOLDER, FFMPEG_PLACEHOLDER})
  void read_placeholderDataSizeWithNoAudio_givesNoFrames(long declaredSize) throws Exception {
    WavAudio wav = read(streamed(declaredSize, new byte[3]));

    assertThat(wav.samples()).isEmpty();
    assertThat(wav.info().frameCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, SOX_PLACEHOLDER, FFMPEG_PLACEHOLDER})
  void read_placeholderDataSizeOverTheLimit_isRefusedAfterTheLimit(long declaredSize) {
    byte[] file = streamed(declaredSize, new byte[1004]);

    assertThatThrownBy(() -> new WavReader(1000).read(new ByteArrayInputStream(file)))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("data chunk at byte 36 holds more than 1000 bytes, over the limit of 1000"
            + " bytes (its size field, " + declaredSize + ", is a streaming placeholder, so the"
            + " data runs to the end of the input)")
        .extracting(e -> ((WavFormatException) e).byteOffset()).isEqualTo(36L);
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, SOX_PLACEHOLDER, FFMPEG_PLACEHOLDER})
  void read_placeholderDataSizeExactlyAtTheLimit_isRead(long declaredSize) throws Exception {
    byte[] file = streamed(declaredSize, new byte[1000]);

    WavAudio wav = new WavReader(1000).read(new ByteArrayInputStream(file));

    assertThat(wav.info().frameCount()).isEqualTo(250);
  }

  @Test
  void read_placeholderDataSizeWithUnlimitedReader_readsToTheEnd() throws Exception {
    int[] pcm = stereoSine(5);

    WavAudio wav = new WavReader(Long.MAX_VALUE)
        .read(new ByteArrayInputStream(streamed(FFMPEG_PLACEHOLDER, WavBytes.s16(pcm))));

    assertThat(wav.samples()).containsExactly(decoded(pcm));
  }

  @Test
  void read_placeholderDataSize_allocatesOnlyForTheBytesPresent() throws Exception {
    byte[] file = wave().fmt(PCM, 1, 8000, 8)
        .rawChunk("data", FFMPEG_PLACEHOLDER, new byte[32], false).build();

    AllocationBudget.of(1 << 20).check(() -> assertThat(read(file).samples()).hasSize(32));
  }

  @Test
  void read_placeholderDataSizeFromATrickleOfManyBlocks_readsEveryFrame() throws Exception {
    // A pipe delivers a few bytes per read, and more than one 64 KiB read block in all.
    int[] pcm = stereoSine(40_001);
    byte[] file = streamed(SOX_PLACEHOLDER, WavBytes.s16(pcm));
    InputStream bytes = new ByteArrayInputStream(file);
    InputStream pipe = new InputStream() {
      @Override
      public int read() throws IOException {
        return bytes.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return bytes.read(b, off, Math.min(len, 7));
      }
    };

    WavAudio wav = new WavReader().read(pipe);

    assertThat(wav.info().frameCount()).isEqualTo(40_001);
    assertThat(wav.samples()).containsExactly(decoded(pcm));
  }

  @Test
  void read_zeroDataSizeFollowedByChunks_isAnEmptyDataChunk() throws Exception {
    // An honest empty recording with its metadata after the data chunk, as Audacity writes.
    byte[] file = wave().fmt(PCM, 2, 8000, 16).data(new byte[0])
        .chunk("LIST", "INFOISFT\u0004\0\0\0test".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII))
        .chunk("id3 ", new byte[10]).build();

    WavAudio wav = read(file);

    assertThat(wav.samples()).isEmpty();
  }

  @Test
  void read_zeroDataSizeFollowedByAnOddChunkWithoutItsPad_isAnEmptyDataChunk()
      throws Exception {
    byte[] file = wave().fmt(PCM, 2, 8000, 16).data(new byte[0])
        .rawChunk("LIST", 5, new byte[5], false).build();

    assertThat(read(file).samples()).isEmpty();
  }

  @Test
  void read_zeroDataSizeFollowedByATruncatedOrLargeChunk_isStillAnEmptyDataChunk()
      throws Exception {
    // The LIST chunk says 100 bytes more than the file holds: metadata, not audio.
    byte[] truncated = wave().fmt(PCM, 2, 8000, 16).data(new byte[0])
        .rawChunk("LIST", 124, new byte[24], false).build();
    // Metadata larger than the data limit: nothing of it is read.
    byte[] large = wave().fmt(PCM, 2, 8000, 16).data(new byte[0])
        .chunk("id3 ", new byte[4_000]).build();

    assertThat(read(truncated).samples()).isEmpty();
    assertThat(new WavReader(1_000).read(new ByteArrayInputStream(large)).samples()).isEmpty();
  }

  @Test
  void read_soxPlaceholderRoundedDownToWholeFrames_readsToTheEnd() throws Exception {
    // sox writes 0x7FFFF000 rounded down to whole frames: 0x7FFFEFFC for 6-byte frames.
    int[] pcm = {1, 2, 3, 4, 5, 6};
    byte[] file = wave().fmt(PCM, 3, 8000, 16)
        .rawChunk("data", 0x7FFF_EFFCL, WavBytes.s16(pcm), false).build();

    assertThat(read(file).samples()).containsExactly(decoded(pcm));
  }

  @Test
  void read_sizeJustBelowThePlaceholders_isTakenLiterally() {
    // 0x7FFEFFFF is not a placeholder: over the 256 MiB limit, refused before reading.
    byte[] file = streamed(0x7FFE_FFFFL, new byte[64]);

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("data chunk at byte 36 is 2147418111 bytes, over the limit of 268435456"
            + " bytes");
  }

  @Test
  void read_realSizeRunningPastTheEnd_isStillTruncation() {
    byte[] file = streamed(4000, new byte[1000]);

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessage("truncated data chunk at byte 36: header says 4000 bytes, the file ends"
            + " after 1000 of them");
  }

  @Test
  void read_placeholderDataSizeAfterAListChunk_readsTheAudioNotTheList() throws Exception {
    // ffmpeg writes its LIST/INFO chunk before the data chunk.
    int[] pcm = stereoSine(100);
    byte[] file = wave().fmt(PCM, 2, 8000, 16).chunk("LIST", new byte[25])
        .rawChunk("data", FFMPEG_PLACEHOLDER, WavBytes.s16(pcm), false).build();

    assertThat(read(file).samples()).containsExactly(decoded(pcm));
  }
}
