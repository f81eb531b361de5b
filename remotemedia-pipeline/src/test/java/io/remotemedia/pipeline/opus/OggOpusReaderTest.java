package io.remotemedia.pipeline.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.fuzz.AllocationBudget;
import io.remotemedia.audio.wav.WavAudio;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decodes speech that ffmpeg's libopus encoded, and compares it with ffmpeg's libopus decode of
 * the same file (fixtures made by remotemedia-bench/scripts/make-codec-fixtures.sh).
 */
class OggOpusReaderTest {
  static byte[] fixture(String name) throws IOException {
    try (InputStream in =
        OggOpusReaderTest.class.getResourceAsStream("/io/remotemedia/audio/speech/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Signal-to-noise ratio of {@code actual} against {@code reference}, in dB. */
  static double snrDb(float[] reference, float[] actual) {
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < reference.length; i++) {
      signal += (double) reference[i] * reference[i];
      double d = actual[i] - reference[i];
      noise += d * d;
    }
    return 10 * Math.log10(signal / noise);
  }

  static double maxDifference(float[] reference, float[] actual) {
    double max = 0;
    for (int i = 0; i < reference.length; i++) {
      max = Math.max(max, Math.abs(actual[i] - reference[i]));
    }
    return max;
  }

  @Test
  void decode_ffmpegEncodedSpeech_matchesFfmpegsLibopusDecode() throws Exception {
    OggOpusAudio ours = new OggOpusReader().decode(fixture("speech-16k.opus"));
    WavAudio reference = new WavReader().read(
        new java.io.ByteArrayInputStream(fixture("speech-16k.ffmpeg-decoded.wav")));

    assertThat(ours.audio().format()).isEqualTo(new AudioFormat(48000, 1, SampleFormat.I16));
    assertThat(ours.inputSampleRateHz()).isEqualTo(16000);
    assertThat(ours.audio().frameCount()).isEqualTo(reference.info().frameCount());
    double snr = snrDb(reference.samples(), ours.audio().samples());
    double max = maxDifference(reference.samples(), ours.audio().samples());
    // Concentus is a bit-exact port of libopus's fixed-point decoder, and both decode to
    // 16-bit PCM: measured, they agree on every sample (docs/nodes.md, "Codecs").
    assertThat(max).as("max difference, SNR %.1f dB", snr).isZero();
    assertThat(ours.audio().samples()).containsExactly(reference.samples());
    assertThat(ours.preSkipFrames()).isEqualTo(312); // libopus's look-ahead at 48 kHz
  }

  @Test
  void decode_pageWithAFlippedByte_namesTheCrcAndTheByteOffset() throws Exception {
    byte[] file = fixture("speech-16k.opus");
    int third = pageOffsets(file)[2];
    file[third + 40] ^= 0x10;

    assertThatThrownBy(() -> new OggOpusReader().decode(file))
        .isInstanceOf(OpusFormatException.class)
        .hasMessageStartingWith("corrupt Ogg page at byte " + third + ": CRC ")
        .extracting(e -> ((OpusFormatException) e).byteOffset()).isEqualTo((long) third);
  }

  @Test
  void decode_truncatedFile_namesThePageAndWhatIsLeft() throws Exception {
    byte[] file = fixture("speech-16k.opus");
    int last = pageOffsets(file)[pageOffsets(file).length - 1];
    int segments = file[last + 26] & 0xFF;
    byte[] cut = Arrays.copyOf(file, last + 27 + segments + 5);

    assertThatThrownBy(() -> new OggOpusReader().decode(cut))
        .isInstanceOf(OpusFormatException.class)
        .hasMessageStartingWith("truncated Ogg page at byte " + last + ": it declares ");
  }

  @Test
  void decode_corruptOpusPacketWithAValidCrc_namesThePacketPageAndOffset() throws Exception {
    byte[] file = fixture("speech-16k.opus");
    int[] pages = pageOffsets(file);
    int page = pages[2];
    int segments = file[page + 26] & 0xFF;
    int firstPacket = page + 27 + segments;
    // A table of contents byte with code 3 (a frame count follows) and a count of 0 frames.
    file[firstPacket] = (byte) 0x03;
    file[firstPacket + 1] = 0;
    fixCrc(file, page, pages.length > 3 ? pages[3] : file.length);

    assertThatThrownBy(() -> new OggOpusReader().decode(file))
        .isInstanceOf(OpusFormatException.class)
        .hasMessageStartingWith("Ogg Opus audio packet 0 on page 2 (page at byte " + page
            + "): malformed Opus packet")
        .extracting(e -> ((OpusFormatException) e).byteOffset()).isEqualTo((long) page);
  }

  @Test
  void decode_wavFile_isNotOgg() {
    byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
    byte[] padded = Arrays.copyOf(wav, 64);

    assertThatThrownBy(() -> new OggOpusReader().decode(padded))
        .isInstanceOf(OpusFormatException.class)
        .hasMessage("corrupt Ogg stream: no page capture pattern \"OggS\" at byte 0");
  }

  @Test
  void encodeThenDecode_sine_keepsItsLengthAndShape() throws Exception {
    float[] sine = TestSignals.sine(440, 0.5, 16000, 16000);
    byte[] file = OggOpusWriter.encode(AudioBuffer.of(AudioFormat.f32(16000, 1), sine),
        /* frameDurationMs= */ 20, /* bitrateBps= */ 32000);

    OggOpusAudio decoded = new OggOpusReader().decode(file);

    assertThat(decoded.audio().frameCount()).isEqualTo(48000); // one second at 48 kHz
    assertThat(decoded.inputSampleRateHz()).isEqualTo(16000);
    // Skip the first 20 ms, where the codec settles. A speech codec at 32 kbit/s keeps the
    // tone's level and pitch, not its exact waveform: check those.
    float[] b = Arrays.copyOfRange(decoded.audio().samples(), 960, 48000);
    double rms = Math.sqrt(energy(b));
    assertThat(20 * Math.log10(rms / (0.5 / Math.sqrt(2)))).as("level change in dB")
        .isBetween(-1.5, 1.5);
    int crossings = 0;
    for (int i = 1; i < b.length; i++) {
      if ((b[i - 1] < 0) != (b[i] < 0)) {
        crossings++;
      }
    }
    // 440 Hz crosses zero 880 times a second; the window is 0.98 s.
    assertThat(crossings).isBetween(850, 875);
  }

  private static double energy(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += (double) v * v;
    }
    return sum / x.length;
  }

  /** The byte offset of every page, found by walking the page headers. */
  static int[] pageOffsets(byte[] file) {
    List<Integer> offsets = new ArrayList<>();
    int p = 0;
    while (p < file.length) {
      offsets.add(p);
      int segments = file[p + 26] & 0xFF;
      int body = 0;
      for (int i = 0; i < segments; i++) {
        body += file[p + 27 + i] & 0xFF;
      }
      p += 27 + segments + body;
    }
    return offsets.stream().mapToInt(Integer::intValue).toArray();
  }

  static void fixCrc(byte[] file, int page, int end) {
    for (int i = 22; i < 26; i++) {
      file[page + i] = 0;
    }
    int crc = OggCrc.update(0, file, page, end - page);
    ByteBuffer.wrap(file, page + 22, 4).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(crc);
  }

  @Test
  void packetsThatExpandPastTheLimit_areRefusedBeforeTheyAreAllocated() throws Exception {
    // 4 pages of 255 two-byte packets, each concealed as 120 ms: 5,875,200 samples of 48 kHz
    // mono from a file of 3 KB.
    byte[] file = ConcealedPacketsOgg.file(4);
    int limit = 1_000_000;

    assertThat(new OggOpusReader().decode(ConcealedPacketsOgg.file(1)).audio().frameCount())
        .as("one page decodes to 120 ms per packet")
        .isEqualTo(ConcealedPacketsOgg.PACKETS_PER_PAGE * ConcealedPacketsOgg.SAMPLES_PER_PACKET);
    // The array grows by doubling up to the limit (4 MB of floats, about 8 MB with the copies
    // before it); the whole file would take 23.5 MB, and over 70 MB with its copies.
    AllocationBudget.of(16L * limit).check(() ->
        assertThatThrownBy(() -> new OggOpusReader(OggOpusReader.DEFAULT_MAX_FILE_BYTES, limit)
            .decode(file))
            .isInstanceOfSatisfying(PipelineException.class, e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
              assertThat(e.getMessage()).startsWith("Ogg Opus audio decodes to more than the"
                  + " limit of 1000000 samples (stopped at audio packet 173 on page 2");
              assertThat(e.limit()).hasValueSatisfying(violation -> {
                assertThat(violation.limit()).isEqualTo("max_decoded_samples");
                assertThat(violation.limitValue()).isEqualTo(limit);
                assertThat(violation.actualValue()).isGreaterThan(limit);
              });
            }));
  }
}
