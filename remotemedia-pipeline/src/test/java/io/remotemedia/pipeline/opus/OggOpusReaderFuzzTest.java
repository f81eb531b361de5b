package io.remotemedia.pipeline.opus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.remotemedia.audio.fuzz.AllocationBudget;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link OggOpusReader} (docs/fuzzing.md): the decoder of {@code
 * .opus} files for {@code run} and {@code call}, and of {@code AUDIO_ENCODING_OGG_OPUS} on the
 * wire. A plain {@code mvn verify} replays the committed corpus in {@code
 * OggOpusReaderFuzzTestInputs/decode/}.
 *
 * <p>The contract: any bytes either decode or raise an {@link OpusFormatException} whose message
 * names the problem and whose offset lies in the input, or a RESOURCE_LIMIT past the reader's
 * limit on decoded samples; nothing else escapes; the reader allocates in proportion to the
 * input and that limit; and reading in blocks gives the samples of a whole decode.
 */
class OggOpusReaderFuzzTest {
  /** An Ogg or Opus message names a problem, a packet, a page and an offset. */
  private static final int MAX_MESSAGE_CHARS = 300;
  /** The limit on decoded samples: Opus expands up to about 7,400 samples per byte. */
  private static final int MAX_SAMPLES = 1 << 20;

  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) throws Exception {
    // The samples (4 bytes each, about twice over as the array grows) and a copy of each page.
    AllocationBudget.of((16L << 20) + 64L * input.length).check(() -> decodeChecked(input));
  }

  private static void decodeChecked(byte[] input) throws Exception {
    OggOpusAudio whole;
    try {
      whole = new OggOpusReader(OggOpusReader.DEFAULT_MAX_FILE_BYTES, MAX_SAMPLES)
          .decode(input);
    } catch (OpusFormatException e) {
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_MESSAGE_CHARS);
      assertThat(e.byteOffset()).isBetween(0L, (long) input.length);
      return;
    } catch (PipelineException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
      assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(MAX_MESSAGE_CHARS);
      return;
    }
    assertThat(whole.audio().sampleCount()).isLessThanOrEqualTo(MAX_SAMPLES);
    // Block by block, in odd-sized blocks, the same samples.
    int channels = whole.audio().format().channelCount();
    float[] blocks = new float[whole.audio().sampleCount()];
    float[] block = new float[997 * channels];
    int at = 0;
    try (OggOpusBlockReader opus = new OggOpusReader().openBlocks(
        new ByteArrayInputStream(input))) {
      for (int got; (got = opus.read(block, 997)) > 0; ) {
        assertThat(at + got * channels).as("samples read").isLessThanOrEqualTo(blocks.length);
        System.arraycopy(block, 0, blocks, at, got * channels);
        at += got * channels;
      }
    }
    assertThat(at).isEqualTo(blocks.length);
    assertThat(Arrays.mismatch(blocks, whole.audio().samples())).isEqualTo(-1);
  }
}
