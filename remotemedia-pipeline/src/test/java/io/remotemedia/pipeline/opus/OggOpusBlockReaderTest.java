package io.remotemedia.pipeline.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.fuzz.AllocationBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Block by block, an Ogg Opus file decodes to what a whole read gives, in bounded memory. */
class OggOpusBlockReaderTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 960, 4096, 100_000})
  void blocks_ofAnySize_giveTheWholeReadsSamples(int blockFrames) throws Exception {
    byte[] file = OggOpusReaderTest.fixture("speech-16k.opus");
    OggOpusAudio whole = new OggOpusReader().decode(file);

    float[] blocks = readInBlocks(write(file), blockFrames, whole.audio().format());

    // The fixture's last page trims its end (ffmpeg's granule position) and its head has a
    // pre-skip of 312 frames: both are applied as a whole read applies them.
    assertThat(Arrays.mismatch(whole.audio().samples(), blocks)).as("first differing sample")
        .isEqualTo(-1);
  }

  @Test
  void stereoFileWithAnOutputGain_givesTheWholeReadsSamples() throws Exception {
    float[] tone = TestSignals.sine(440, 0.4, 48000, 2 * 48000 * 3 / 2);
    byte[] file = OggOpusWriter.encode(AudioBuffer.of(AudioFormat.f32(48000, 2), tone), 20,
        64000);
    setOutputGain(file, -3 * 256); // -3 dB in Q7.8
    OggOpusAudio whole = new OggOpusReader().decode(file);
    assertThat(whole.audio().format()).isEqualTo(new AudioFormat(48000, 2, SampleFormat.F32));

    float[] blocks = readInBlocks(write(file), 1000, whole.audio().format());

    assertThat(Arrays.mismatch(whole.audio().samples(), blocks)).as("first differing sample")
        .isEqualTo(-1);
    try (OggOpusBlockReader opus = new OggOpusReader().openBlocks(write(file))) {
      assertThat(opus.format()).isEqualTo(whole.audio().format());
      assertThat(opus.preSkipFrames()).isEqualTo(whole.preSkipFrames());
      assertThat(opus.inputSampleRateHz()).isEqualTo(48000);
    }
  }

  @Test
  void lastPagesGranule_trimsTheEndOfTheLastPageOnly() throws Exception {
    // Two pages of 255 concealed 120 ms packets; the last page says the audio ends 1000 frames
    // into it, as an encoder's end trimming does.
    long perPage = (long) ConcealedPacketsOgg.PACKETS_PER_PAGE
        * ConcealedPacketsOgg.SAMPLES_PER_PACKET;
    byte[] file = ConcealedPacketsOgg.file(2);
    setGranule(file, lastPageOffset(file), perPage + 1000);

    float[] blocks = readInBlocks(write(file), 4096, new AudioFormat(48000, 1,
        SampleFormat.I16));

    float[] whole = new OggOpusReader().decode(file).audio().samples();
    assertThat(blocks.length).isEqualTo(perPage + 1000);
    assertThat(Arrays.mismatch(whole, blocks)).as("first differing sample").isEqualTo(-1);
  }

  @Test
  void lastPagesGranuleBeforeTheEarlierPagesEnd_isRefusedAsDamaged() throws Exception {
    long perPage = (long) ConcealedPacketsOgg.PACKETS_PER_PAGE
        * ConcealedPacketsOgg.SAMPLES_PER_PACKET;
    byte[] file = ConcealedPacketsOgg.file(2);
    int last = lastPageOffset(file);
    setGranule(file, last, perPage - 1000);

    assertThatThrownBy(() -> new OggOpusReader().decode(file))
        .isInstanceOf(OpusFormatException.class)
        .hasMessage("Ogg page 3 at byte " + last + " is the last, and its granule position "
            + (perPage - 1000) + " ends the audio before frame " + perPage + ", where the pages"
            + " before it end; the file is damaged");
  }

  @Test
  void emptyEndOfStreamPage_leavesTheTrimToTheLastPageWithData() throws Exception {
    long perPage = (long) ConcealedPacketsOgg.PACKETS_PER_PAGE
        * ConcealedPacketsOgg.SAMPLES_PER_PACKET;
    byte[] file = ConcealedPacketsOgg.file(2);
    setGranule(file, lastPageOffset(file), perPage + 1000);
    // An encoder may end the stream with a page of no segments, and a granule of -1.
    OggOpusWriter.Pages empty = new OggOpusWriter.Pages();
    empty.addLaced(new byte[0], new byte[0], -1, 0x04);
    byte[] page = empty.bytes(); // the same serial number as the file's pages
    byte[] withEmptyEnd = Arrays.copyOf(file, file.length + page.length);
    System.arraycopy(page, 0, withEmptyEnd, file.length, page.length);

    float[] blocks = readInBlocks(write(withEmptyEnd), 4096, new AudioFormat(48000, 1,
        SampleFormat.I16));

    assertThat(blocks.length).isEqualTo(perPage + 1000);
  }

  @Test
  void longFile_isReadWithoutHoldingItsAudio() throws Exception {
    // 8 pages decode to 11.75 M samples (47 MB as floats) from a file of 4 KB.
    byte[] file = ConcealedPacketsOgg.file(8);
    Path path = write(file);
    long expected = 8L * ConcealedPacketsOgg.PACKETS_PER_PAGE
        * ConcealedPacketsOgg.SAMPLES_PER_PACKET;
    float[] block = new float[4096];
    long[] frames = new long[1];

    // The decoder's own work allocates per packet; what must not grow with the file is what
    // the reader holds: a whole read would allocate the 47 MB, and more in copies.
    AllocationBudget.of(32L << 20).check(() -> {
      frames[0] = 0;
      try (OggOpusBlockReader opus = new OggOpusReader().openBlocks(path)) {
        for (int got; (got = opus.read(block, block.length)) > 0; ) {
          frames[0] += got;
        }
        assertThat(opus.packetCount()).isEqualTo(8 * ConcealedPacketsOgg.PACKETS_PER_PAGE);
      }
    });
    assertThat(frames[0]).isEqualTo(expected);
  }

  @Test
  void corruptLastPage_failsTheReadThatReachesItNamingTheByte() throws Exception {
    byte[] file = OggOpusReaderTest.fixture("speech-16k.opus");
    int[] pages = OggOpusReaderTest.pageOffsets(file);
    int broken = pages[pages.length - 1];
    file[file.length - 5] ^= 0x10; // in the last packet, past the segment table
    float[] block = new float[960];

    try (OggOpusBlockReader opus = new OggOpusReader().openBlocks(write(file))) {
      assertThat(opus.read(block, block.length)).as("the pages before it decode")
          .isEqualTo(block.length);
      assertThatThrownBy(() -> {
        while (opus.read(block, block.length) > 0) {
          // reads on until the broken page
        }
      })
          .isInstanceOf(OpusFormatException.class)
          .hasMessageStartingWith("corrupt Ogg page at byte " + broken + ": CRC ");
    }
  }

  @Test
  void limitOnDecodedSamples_isKeptWhenGiven() throws Exception {
    Path path = write(ConcealedPacketsOgg.file(4));
    float[] block = new float[4096];

    try (OggOpusBlockReader opus = new OggOpusReader(1 << 20, 1_000_000).openBlocks(path)) {
      assertThatThrownBy(() -> {
        while (opus.read(block, block.length) > 0) {
          // reads on to the limit
        }
      }).hasMessageStartingWith("Ogg Opus audio decodes to more than the limit of 1000000"
          + " samples (stopped at audio packet 173 on page 2");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0x52454D44, 0x0C0FFEE0}) // the same serial as the first link, another
  void chainedFile_isRefusedNamingWhereTheSecondStreamBegins(int serial) throws Exception {
    // Two files one after the other: a chained Ogg stream (RFC 3533 section 4). Its second
    // link was skipped as if multiplexed, so a 2 s file ran as 1 s and exited 0.
    byte[] link = OggOpusWriter.encode(AudioBuffer.of(AudioFormat.f32(48000, 1),
        TestSignals.sine(440, 0.4, 48000, 48000)), 20, 32000);
    byte[] second = withSerial(link.clone(), serial);
    byte[] file = Arrays.copyOf(link, 2 * link.length);
    System.arraycopy(second, 0, file, link.length, link.length);
    String message = "chained Ogg stream: a second logical stream begins at byte "
        + link.length;

    assertThatThrownBy(() -> new OggOpusReader().decode(file))
        .isInstanceOf(OpusFormatException.class).hasMessageStartingWith(message);
    assertThatThrownBy(() -> readInBlocks(write(file), 960, new AudioFormat(48000, 1,
        SampleFormat.I16)))
        .isInstanceOf(OpusFormatException.class).hasMessageStartingWith(message);
  }

  @Test
  void multiplexedStream_isSkipped() throws Exception {
    // A second stream's first page among the first pages (RFC 3533: all of them come first),
    // and its pages between the Opus ones: read as if it were not there.
    byte[] file = OggOpusReaderTest.fixture("speech-16k.opus");
    int[] pages = OggOpusReaderTest.pageOffsets(file);
    byte[] other = withSerial(Arrays.copyOfRange(file, 0, pages[1]), 77);
    byte[] data = withSerial(Arrays.copyOfRange(file, pages[2], pages[3]), 77);
    data[5] = 0; // not a first page
    OggOpusReaderTest.fixCrc(data, 0, data.length);
    byte[] muxed = concat(Arrays.copyOfRange(file, 0, pages[1]), other,
        Arrays.copyOfRange(file, pages[1], pages[3]), data,
        Arrays.copyOfRange(file, pages[3], file.length));

    assertThat(new OggOpusReader().decode(muxed).audio().samples())
        .isEqualTo(new OggOpusReader().decode(file).audio().samples());
  }

  @Test
  void packetContinuedPastTheFileLimit_isRefusedNamingThePageNotHeld() throws Exception {
    // A packet continued page after page: 8 MiB of one packet, streamed. The pages are read one
    // at a time, but the packet they continue was held whole, however long it grew: a file
    // (or a pipe) that never ended the packet ran the reader out of heap.
    byte[] headers = Arrays.copyOf(ConcealedPacketsOgg.file(1),
        OggOpusReaderTest.pageOffsets(ConcealedPacketsOgg.file(1))[2]);
    OggOpusWriter.Pages pages = new OggOpusWriter.Pages();
    byte[] lacing = new byte[255];
    Arrays.fill(lacing, (byte) 255);
    byte[] body = new byte[255 * 255];
    int count = 128;
    for (int p = 0; p < count; p++) {
      pages.addLaced(lacing, body, -1, p == 0 ? 0 : 0x01);
    }
    pages.addLaced(new byte[] {1}, new byte[1], 1, 0x01 | 0x04);
    byte[] file = concat(headers, pages.bytes());
    int limit = 1 << 20;
    float[] block = new float[960];

    AllocationBudget.of(6L << 20).check(() -> {
      try (OggOpusBlockReader opus = new OggOpusReader(limit).openBlocks(write(file))) {
        assertThatThrownBy(() -> opus.read(block, block.length))
            .isInstanceOf(OpusFormatException.class)
            .hasMessageContaining("is larger than the limit of " + limit + " bytes");
      }
    });
  }

  @Test
  void wavFile_isRefusedWhenOpened() throws Exception {
    Path wav = dir.resolve("not.opus");
    Files.write(wav, Arrays.copyOf("RIFF\0\0\0\0WAVEfmt ".getBytes(), 64));

    assertThatThrownBy(() -> new OggOpusReader().openBlocks(wav))
        .isInstanceOf(OpusFormatException.class)
        .hasMessage("corrupt Ogg stream: no page capture pattern \"OggS\" at byte 0");
  }

  private Path write(byte[] file) throws IOException {
    Path path = Files.createTempFile(dir, "in", ".opus");
    Files.write(path, file);
    return path;
  }

  private static float[] readInBlocks(Path file, int blockFrames, AudioFormat format)
      throws IOException {
    int channels = format.channelCount();
    float[] all = new float[1 << 16];
    int count = 0;
    float[] block = new float[blockFrames * channels];
    try (OggOpusBlockReader opus = new OggOpusReader().openBlocks(file)) {
      assertThat(opus.format()).isEqualTo(format);
      for (int got; (got = opus.read(block, blockFrames)) > 0; ) {
        if (count + got * channels > all.length) {
          all = Arrays.copyOf(all, Math.max(2 * all.length, count + got * channels));
        }
        System.arraycopy(block, 0, all, count, got * channels);
        count += got * channels;
      }
      assertThat(opus.read(block, blockFrames)).as("after the end").isZero();
    }
    all = Arrays.copyOf(all, count);
    return all;
  }

  /** Sets every page's serial number, fixing their CRCs. */
  private static byte[] withSerial(byte[] file, int serial) {
    for (int page : OggOpusReaderTest.pageOffsets(file)) {
      ByteBuffer.wrap(file, page + 14, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(serial);
      OggOpusReaderTest.fixCrc(file, page, nextPage(file, page));
    }
    return file;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static int lastPageOffset(byte[] file) {
    int[] pages = OggOpusReaderTest.pageOffsets(file);
    return pages[pages.length - 1];
  }

  private static void setGranule(byte[] file, int page, long granule) {
    ByteBuffer.wrap(file, page + 6, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(granule);
    OggOpusReaderTest.fixCrc(file, page, nextPage(file, page));
  }

  /** Sets the OpusHead's output gain (the first page's packet, bytes 16 and 17 of it). */
  private static void setOutputGain(byte[] file, int gainQ8) {
    int segments = file[26] & 0xFF;
    int packet = 27 + segments;
    ByteBuffer.wrap(file, packet + 16, 2).order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) gainQ8);
    OggOpusReaderTest.fixCrc(file, 0, nextPage(file, 0));
  }

  private static int nextPage(byte[] file, int page) {
    int segments = file[page + 26] & 0xFF;
    int body = 0;
    for (int i = 0; i < segments; i++) {
      body += file[page + 27 + i] & 0xFF;
    }
    return page + 27 + segments + body;
  }
}
