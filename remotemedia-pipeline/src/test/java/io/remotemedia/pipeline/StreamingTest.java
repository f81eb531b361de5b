package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingTest {
  private static final AudioFormat STEREO_44K = AudioFormat.f32(44100, 2);
  // Resampling has filter delay and a tail, the filter keeps state across chunks, and the
  // fan-out gives two sinks: the stream must reproduce all of it.
  private static final PipelineManifest MANIFEST = ManifestBuilder.named("stream")
      .chain(NodeSpecs.gain("gain", -3),
          NodeSpecs.resample("resample", 16000),
          NodeSpecs.biquad("lowpass", FilterType.LOWPASS, 3000, 0.7071))
      .node(NodeSpecs.downmixToMono("mono"))
      .connect("gain", "mono")
      .build();

  private final LocalPipelineRunner runner = LocalPipelineRunner.create();

  private static float[] noise(int frames, long seed) {
    Random random = new Random(seed);
    float[] samples = new float[frames * 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (random.nextGaussian() * 0.2);
    }
    return samples;
  }

  @Test
  void stream_concatenatedOutput_equalsUnaryForRandomChunkings() {
    int frames = 30_000;
    float[] input = noise(frames, 1);
    ExecutionResult unary = runner.execute(ExecutionRequest.of(MANIFEST, "gain",
        AudioBuffer.of(STEREO_44K, input)));

    Random random = new Random(2);
    for (int run = 0; run < 5; run++) {
      float[] lowpass = new float[0];
      float[] mono = new float[0];
      try (PipelineStream stream = runner.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K))) {
        int offset = 0;
        long sequence = 0;
        while (offset < frames) {
          int n = Math.min(frames - offset, random.nextInt(run == 0 ? 20_000 : 700) + 1);
          float[] chunk = Arrays.copyOfRange(input, offset * 2, (offset + n) * 2);
          StreamResult result = stream.push(sequence, AudioBuffer.of(STEREO_44K, chunk));
          assertThat(result.sequence()).isEqualTo(sequence);
          lowpass = append(lowpass, result.audioOutputs().get("lowpass"));
          mono = append(mono, result.audioOutputs().get("mono"));
          offset += n;
          sequence++;
        }
        ExecutionResult tail = stream.finish();
        lowpass = append(lowpass, tail.audio("lowpass"));
        mono = append(mono, tail.audio("mono"));
        // Execution order is breadth-first from the source; the low-pass gets resampled audio.
        assertThat(tail.metrics().nodes()).extracting(NodeMetrics::nodeId)
            .containsExactly("gain", "resample", "mono", "lowpass");
        assertThat(tail.metrics().nodes()).extracting(NodeMetrics::framesIn)
            .containsExactly((long) frames, (long) frames, (long) frames, 10_884L);
      }
      assertThat(lowpass).containsExactly(samplesOf(unary.audio("lowpass")));
      assertThat(mono).containsExactly(samplesOf(unary.audio("mono")));
    }
    // 30000 x 16000 / 44100 = 10884.35, rounded: the resampler's exact length.
    assertThat(unary.audio("lowpass").frameCount()).isEqualTo(10_884);
  }

  @Test
  void push_outOfSequence_isInvalidAudioAndEndsTheStream() {
    PipelineStream stream = runner.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K));
    stream.push(0, AudioBuffer.of(STEREO_44K, new float[20]));

    assertThatThrownBy(() -> stream.push(2, AudioBuffer.of(STEREO_44K, new float[20])))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("chunk sequence 2 is out of order; expected 1");
    assertThat(runner.streams().active()).isZero();
  }

  @Test
  void push_sequenceOverTheLargestLong_isNamedAsTheUnsignedNumberTheWireCarried() {
    PipelineStream stream = runner.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K));

    // uint64 2^64 - 1 arrives in Java's long as -1, which is what a Java caller passed.
    assertThatThrownBy(() -> stream.push(-1, AudioBuffer.of(STEREO_44K, new float[20])))
        .hasMessage("chunk sequence 18446744073709551615 (-1 as a Java long) is out of order;"
            + " expected 0");
  }

  @Test
  void push_nanInALaterChunk_isPlacedInTheChunkAndInTheStream() {
    PipelineStream stream = runner.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K));
    stream.push(0, AudioBuffer.of(STEREO_44K, new float[2 * 300]));
    stream.push(1, AudioBuffer.of(STEREO_44K, new float[2 * 41]));
    float[] third = new float[2 * 10];
    third[2 * 7 + 1] = Float.NaN;

    assertThatThrownBy(() -> stream.push(2, AudioBuffer.of(STEREO_44K, third)))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO))
        .hasMessage("chunk 2: sample 15 (frame 7, frame 348 of the stream, channel 1) is NaN;"
            + " samples must be finite");
    assertThat(runner.streams().active()).isZero();
  }

  @Test
  void push_otherFormat_isInvalidAudio() {
    try (PipelineStream stream = runner.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K))) {
      assertThatThrownBy(() -> stream.push(0,
              AudioBuffer.of(AudioFormat.f32(48000, 2), new float[20])))
          .hasMessage("chunk 0 is 48000 Hz, 2 ch, F32; this stream was opened for"
              + " 44100 Hz, 2 ch, F32");
    }
  }

  @Test
  void push_chunkOverMaxInputSamples_isResourceLimitNamingTheLimitAndTheChunk() {
    OpenStreamRequest request =
        new OpenStreamRequest(MANIFEST, STEREO_44K, new ExecutionLimits(0, 0, 100));
    try (PipelineStream stream = runner.openStream(request)) {
      stream.push(0, AudioBuffer.of(STEREO_44K, new float[100]));

      assertThatThrownBy(() -> stream.push(1, AudioBuffer.of(STEREO_44K, new float[102])))
          .isInstanceOfSatisfying(PipelineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
            assertThat(e.limit()).contains(new LimitViolation("max_input_samples", 100, 102));
          })
          .hasMessage("chunk 1 holds 102 samples, over the limit of 100 (max_input_samples)");
    }
  }

  @Test
  void push_afterTheStreamsTimeout_isTimeoutNamingTheStreamNotANode() throws Exception {
    try (PipelineStream stream = streamPastItsTimeLimit()) {
      assertThatThrownBy(() -> stream.push(1, AudioBuffer.of(STEREO_44K, new float[100])))
          .isInstanceOfSatisfying(PipelineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(e.nodeId()).isEmpty();
            assertThat(e.limit()).hasValueSatisfying(limit -> {
              assertThat(limit.limit()).isEqualTo("timeout_ms");
              assertThat(limit.limitValue()).isEqualTo(500);
              assertThat(limit.actualValue()).isGreaterThanOrEqualTo(600);
            });
          })
          .hasMessageMatching("stream " + stream.sessionId() + " has been open for \\d+ ms,"
              + " past its time limit of 500 ms \\(timeout_ms\\); chunk 1 was not processed");
    }
  }

  @Test
  void finish_afterTheStreamsTimeout_isTimeoutNamingTheStreamNotANode() throws Exception {
    try (PipelineStream stream = streamPastItsTimeLimit()) {
      assertThatThrownBy(stream::finish)
          .isInstanceOfSatisfying(PipelineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(e.nodeId()).isEmpty();
          })
          .hasMessageMatching("stream " + stream.sessionId() + " has been open for \\d+ ms,"
              + " past its time limit of 500 ms \\(timeout_ms\\); the end of the stream was"
              + " not processed");
    }
  }

  /** A stream with a time limit of 500 ms that has taken a chunk and been open for 600 ms. */
  private PipelineStream streamPastItsTimeLimit() throws InterruptedException {
    PipelineStream stream = runner.openStream(
        new OpenStreamRequest(MANIFEST, STEREO_44K, new ExecutionLimits(500, 0, 0)));
    stream.push(0, AudioBuffer.of(STEREO_44K, new float[100]));
    Thread.sleep(600);
    return stream;
  }

  @Test
  void cancel_freesTheSlotAndFailsLaterPushes() {
    PipelineStream stream = runner.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K));
    assertThat(runner.streams().active()).isEqualTo(1);

    stream.cancel();

    assertThat(runner.streams().active()).isZero();
    assertThatThrownBy(() -> stream.push(0, AudioBuffer.of(STEREO_44K, new float[2])))
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
  }

  @Test
  void openStream_pastMaxStreams_isBusyAtOnce() {
    LocalPipelineRunner small = LocalPipelineRunner.builder().maxStreams(1).build();
    try (PipelineStream first = small.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K))) {
      assertThatThrownBy(() -> small.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K)))
          .isInstanceOfSatisfying(PipelineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
            assertThat(e.retryAfterMs()).isPositive();
          });
    }
    small.openStream(OpenStreamRequest.of(MANIFEST, STEREO_44K)).close();
  }

  @Test
  void openStream_twoSources_isRejected() {
    PipelineManifest twoSources = ManifestBuilder.named("two")
        .node(NodeSpecs.gain("a", 0))
        .node(NodeSpecs.gain("b", 0))
        .build();

    assertThatThrownBy(() -> runner.openStream(OpenStreamRequest.of(twoSources, STEREO_44K)))
        .hasMessage("a stream needs exactly one source node; this manifest has 2: [a, b]");
    assertThat(runner.streams().active()).isZero();
  }

  private static float[] samplesOf(AudioBuffer buffer) {
    return Arrays.copyOf(buffer.samples(), buffer.sampleCount());
  }

  private static float[] append(float[] into, AudioBuffer buffer) {
    float[] out = Arrays.copyOf(into, into.length + buffer.sampleCount());
    System.arraycopy(buffer.samples(), 0, out, into.length, buffer.sampleCount());
    return out;
  }

  @Test
  void effectiveStreamLimits_areBoundedByTheStreamMaximumNotTheUnaryTimeout() {
    LocalPipelineRunner bounded = LocalPipelineRunner.builder()
        .limits(ExecutionLimits.DEFAULTS, new ExecutionLimits(1000, 0, 0))
        .maxStreamDurationMs(600_000)
        .build();

    assertThat(bounded.effectiveLimits(ExecutionLimits.UNSET).timeoutMs()).isEqualTo(1000);
    assertThat(bounded.effectiveStreamLimits(ExecutionLimits.UNSET).timeoutMs())
        .isEqualTo(600_000);
    assertThat(bounded.effectiveStreamLimits(new ExecutionLimits(5000, 0, 0)).timeoutMs())
        .isEqualTo(5000);
    assertThat(bounded.effectiveStreamLimits(new ExecutionLimits(900_000, 0, 0)).timeoutMs())
        .isEqualTo(600_000);
  }
}
