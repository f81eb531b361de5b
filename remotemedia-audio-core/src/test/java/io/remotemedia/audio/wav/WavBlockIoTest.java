package io.remotemedia.audio.wav;

import static io.remotemedia.audio.wav.WavBytes.PCM;
import static io.remotemedia.audio.wav.WavBytes.wave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WavBlockReader} and {@link WavBlockWriter}: a file read or written block by block
 * holds exactly what {@link WavReader#read} and {@link WavWriter#write} give for the whole.
 */
class WavBlockIoTest {
  @TempDir Path temp;

  /** Three channels of 1,001 frames (odd, so that 8-bit data needs its pad byte). */
  private static AudioBuffer signal(int rateHz) {
    int frames = 1_001;
    float[] samples = TestSignals.interleave(TestSignals.sine(440, 0.5, rateHz, frames),
        TestSignals.sine(1000, 0.9, rateHz, frames), TestSignals.sine(60, 1.2, rateHz, frames));
    return AudioBuffer.of(new AudioFormat(rateHz, 3, SampleFormat.F32), samples);
  }

  private static AudioBuffer frames(AudioBuffer audio, int from, int to) {
    int channels = audio.format().channelCount();
    return AudioBuffer.of(audio.format(),
        Arrays.copyOfRange(audio.samples(), from * channels, to * channels));
  }

  @ParameterizedTest
  @EnumSource(WavSampleEncoding.class)
  void writer_blocksMakeTheSameFileAsOneWholeWrite(WavSampleEncoding encoding) throws Exception {
    AudioBuffer audio = signal(8000);
    Path whole = temp.resolve("whole.wav");
    Path blocks = temp.resolve("blocks.wav");
    long wholeClipped = WavWriter.write(whole, audio, encoding);

    long blockClipped = 0;
    try (WavBlockWriter out = WavWriter.open(blocks, audio.format(), encoding)) {
      // Uneven blocks, an empty one among them.
      int[] cuts = {0, 1, 1, 400, 999, 1_001};
      for (int i = 1; i < cuts.length; i++) {
        blockClipped += out.write(frames(audio, cuts[i - 1], cuts[i]));
      }
      assertThat(out.frameCount()).isEqualTo(1_001);
      assertThat(out.clippedCount()).isEqualTo(blockClipped);
    }

    assertThat(Files.readAllBytes(blocks)).isEqualTo(Files.readAllBytes(whole));
    assertThat(blockClipped).isEqualTo(wholeClipped);
  }

  @Test
  void writer_intoAPipe_writesPlaceholderSizesThatReadBackToTheEnd() throws Exception {
    AudioBuffer audio = signal(8000);
    Path fifo = temp.resolve("pipe.wav");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readAllBytes(fifo);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    try (WavBlockWriter out = WavWriter.open(fifo, audio.format(), WavSampleEncoding.PCM_S16)) {
      assertThat(out.seekable()).isFalse();
      out.write(frames(audio, 0, 500));
      out.write(frames(audio, 500, 1_001));
    }
    byte[] bytes = read.get(10, TimeUnit.SECONDS);

    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(Integer.toUnsignedLong(header.getInt(4))).isEqualTo(0xFFFF_FFFFL);
    assertThat(Integer.toUnsignedLong(header.getInt(bytes.length - 1_001 * 3 * 2 - 4)))
        .isEqualTo(0xFFFF_FFFFL);
    Path whole = temp.resolve("whole.wav");
    WavWriter.write(whole, audio, WavSampleEncoding.PCM_S16);
    assertThat(new WavReader().read(new ByteArrayInputStream(bytes)).samples())
        .containsExactly(new WavReader().read(whole).samples());
  }

  @Test
  void writer_closedWithoutBlocks_isAValidEmptyFile() throws Exception {
    Path file = temp.resolve("empty.wav");
    AudioFormat format = new AudioFormat(16000, 1, SampleFormat.I16);

    WavBlockWriter out = WavWriter.open(file, format, WavSampleEncoding.PCM_S16);
    out.close();
    out.close(); // a second close changes nothing

    WavAudio wav = new WavReader().read(file);
    assertThat(wav.samples()).isEmpty();
    assertThat(wav.info().sampleRateHz()).isEqualTo(16000);
    assertThat(Files.size(file)).isEqualTo(44);
  }

  @Test
  void writer_blockOfAnotherFormat_isRefused() throws Exception {
    try (WavBlockWriter out = WavWriter.open(temp.resolve("x.wav"),
        new AudioFormat(16000, 1, SampleFormat.F32), WavSampleEncoding.PCM_S16)) {
      AudioBuffer stereo = AudioBuffer.of(new AudioFormat(16000, 2, SampleFormat.F32),
          new float[4]);

      assertThatThrownBy(() -> out.write(stereo))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("2 ch");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 1_000, 4_096})
  void reader_blocksGiveWhatAWholeReadGives(int blockFrames) throws Exception {
    AudioBuffer audio = signal(44100);
    Path file = temp.resolve("in.wav");
    WavWriter.write(file, audio, WavSampleEncoding.PCM_S24);
    WavAudio whole = new WavReader().read(file);

    float[] joined;
    try (WavBlockReader in = new WavReader().openBlocks(file)) {
      assertThat(in.info()).isEqualTo(whole.info());
      assertThat(in.declaredFrames()).hasValue(1_001);
      joined = readAll(in, blockFrames);
    }

    assertThat(joined).containsExactly(whole.samples());
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, 0x7FFF_F000L, 0xFFFF_FFFFL})
  void reader_placeholderSize_readsToTheEndOfTheFile(long declaredSize) throws Exception {
    int[] pcm = new int[2 * 3_001];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (i * 37) % 60_000 - 30_000;
    }
    // A partial frame at the end, as a writer cut off mid-frame leaves: it is dropped.
    byte[] data = Arrays.copyOf(WavBytes.s16(pcm), pcm.length * 2 + 3);
    byte[] bytes = wave().fmt(PCM, 2, 8000, 16).rawChunk("data", declaredSize, data, false)
        .build();
    Path file = temp.resolve("piped.wav");
    Files.write(file, bytes);
    WavAudio whole = new WavReader().read(new ByteArrayInputStream(bytes));

    try (WavBlockReader in = new WavReader().openBlocks(file)) {
      assertThat(in.declaredFrames()).isEmpty();
      assertThat(readAll(in, 500)).containsExactly(whole.samples()).hasSize(pcm.length);
    }
    // The same bytes from a stream, as a pipe gives them.
    try (WavBlockReader in = new WavReader().openBlocks(new ByteArrayInputStream(bytes))) {
      assertThat(in.declaredFrames()).isEmpty();
      assertThat(readAll(in, 500)).containsExactly(whole.samples());
    }
  }

  @Test
  void reader_truncatedData_isReportedByTheReadThatReachesTheEnd() throws Exception {
    byte[] bytes = wave().fmt(PCM, 1, 8000, 16)
        .rawChunk("data", 2_000, WavBytes.s16(new int[600]), false).build();
    Path file = temp.resolve("cut.wav");
    Files.write(file, bytes);

    try (WavBlockReader in = new WavReader().openBlocks(file)) {
      float[] block = new float[500];
      assertThat(in.read(block, 500)).isEqualTo(500);
      assertThatThrownBy(() -> in.read(block, 500))
          .isInstanceOf(WavFormatException.class)
          .hasMessage("truncated data chunk at byte 36: header says 2000 bytes, the file ends"
              + " after 1200 of them");
    }
  }

  @Test
  void reader_badHeader_isRefusedWhenOpened() throws Exception {
    Path file = temp.resolve("not.wav");
    Files.writeString(file, "ID3 this is an mp3");

    assertThatThrownBy(() -> new WavReader().openBlocks(file))
        .isInstanceOf(WavFormatException.class)
        .hasMessageContaining("not a WAV file");
  }

  private static float[] readAll(WavBlockReader in, int blockFrames) throws IOException {
    int channels = in.info().channelCount();
    float[] block = new float[blockFrames * channels];
    float[] all = new float[0];
    for (int n; (n = in.read(block, blockFrames)) > 0; ) {
      int at = all.length;
      all = Arrays.copyOf(all, at + n * channels);
      System.arraycopy(block, 0, all, at, n * channels);
    }
    return all;
  }
}
