package io.remotemedia.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.remotemedia.audio.fuzz.AllocationBudget;
import java.io.ByteArrayInputStream;

/**
 * Coverage-guided fuzzing of {@link WavReader} (docs/fuzzing.md). A plain {@code mvn verify}
 * replays the committed corpus in {@code WavReaderFuzzTestInputs/read/}: real files from SoX in
 * every supported format, and every input that once broke the contract.
 *
 * <p>The contract, from {@link WavReader#read(java.io.InputStream)}: any bytes either decode
 * or raise a {@link WavFormatException} whose message names the problem and whose offset lies
 * in the input; nothing else escapes; and the reader allocates in proportion to the bytes that
 * are there, not to the sizes a header declares.
 */
class WavReaderFuzzTest {
  /** A WAV message names a problem and an offset; it never needs more. */
  private static final int MAX_MESSAGE_CHARS = 300;

  @FuzzTest(maxDuration = "5m")
  void read(byte[] input) throws Exception {
    // The floats take at most 4 bytes per input byte (8-bit PCM), plus one read block.
    AllocationBudget.of((1L << 20) + 8L * input.length).check(() -> readChecked(input));
  }

  private static void readChecked(byte[] input) throws Exception {
    WavAudio wav;
    try {
      wav = new WavReader().read(new ByteArrayInputStream(input));
    } catch (WavFormatException e) {
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_MESSAGE_CHARS);
      assertThat(e.byteOffset()).isBetween(0L, (long) input.length);
      return;
    }
    WavInfo info = wav.info();
    assertThat(info.frameCount() * info.bytesPerFrame()).isLessThanOrEqualTo(input.length);
    assertThat(wav.samples()).hasSize((int) (info.frameCount() * info.channelCount()));
  }
}
