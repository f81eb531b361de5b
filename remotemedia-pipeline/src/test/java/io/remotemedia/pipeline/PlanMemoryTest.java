package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.resample.ResampleQuality;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.NodeSpec;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The memory limits hold while a pipeline is planned, not only once it is: a node's buffers
 * are weighed against {@code max_memory_bytes} (and its type's cap) before they are allocated,
 * on every path that plans (execute, stream, explain). Each refusal is checked to allocate far
 * less than what was asked for.
 */
class PlanMemoryTest {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final AudioFormat STEREO_48K = AudioFormat.f32(48000, 2);
  /** What a refusal may allocate: the manifest, the plan of the first node, the error. */
  private static final long REFUSAL_BYTES = 32L << 20;

  private final LocalPipelineRunner runner = LocalPipelineRunner.create();
  /** An hour of 48 kHz stereo: 1,382,400,000 bytes of buffer, over the default 1 GiB. */
  private final PipelineManifest hour = NormalizeManifests.buffering(3600);

  @Test
  void execute_refusesTheNodeWhoseBufferPassesTheLimit_beforeAllocatingIt() {
    AudioBuffer input = AudioBuffer.of(STEREO_48K, new float[2 * 4800]);

    assertRefusedCheaply(() -> runner.execute(ExecutionRequest.of(hour, "in", input)), e -> {
      assertThat(e.nodeId()).contains("norm");
      assertThat(e.location()).hasValueSatisfying(at -> {
        assertThat(at.path()).isEqualTo("nodes[1]");
        assertThat(at.line()).isEqualTo(6);
      });
      assertThat(e.limit()).hasValueSatisfying(limit -> {
        assertThat(limit.limit()).isEqualTo("max_memory_bytes");
        assertThat(limit.limitValue()).isEqualTo(1L << 30);
        assertThat(limit.actualValue()).isGreaterThanOrEqualTo(3600L * 48000 * 2 * 4);
      });
      assertThat(e.getMessage())
          .startsWith("nodes[1] (line 6, column 5): node \"norm\" (Normalize) needs ")
          .contains("over the limit of 1073741824 bytes (max_memory_bytes)");
      // The total is the node's need plus what the nodes before it took.
      Matcher sums = Pattern.compile("needs (\\d+) bytes .* \\((\\d+) with the (\\d+) bytes of"
          + " the nodes before it\\)").matcher(e.getMessage());
      assertThat(sums.find()).as(e.getMessage()).isTrue();
      assertThat(Long.parseLong(sums.group(1)) + Long.parseLong(sums.group(3)))
          .isEqualTo(Long.parseLong(sums.group(2)));
    });
  }

  @Test
  void execute_refusingTheFirstNode_namesNoNodesBeforeIt() {
    PipelineManifest alone = new ManifestParser().parse("""
        version: v1
        nodes:
          - {id: norm, node_type: Normalize, params: {max_duration_s: 3600}}
        """);
    AudioBuffer input = AudioBuffer.of(STEREO_48K, new float[2 * 4800]);

    assertRefusedCheaply(() -> runner.execute(ExecutionRequest.of(alone, "norm", input)),
        e -> assertThat(e.getMessage())
            .startsWith("nodes[0] (line 3, column 5): node \"norm\" (Normalize) needs ")
            .doesNotContain("before it"));
  }

  @Test
  void openStream_refusesIt_too() {
    assertRefusedCheaply(() -> runner.openStream(OpenStreamRequest.of(hour, STEREO_48K)),
        e -> assertThat(e.nodeId()).contains("norm"));
    // The refused stream gave its slot back.
    assertThat(runner.streams().active()).isZero();
  }

  @Test
  void explain_answersItAsRefused_withoutAllocatingIt() {
    long before = THREADS.getCurrentThreadAllocatedBytes();

    Explanation explanation = runner.explain(ExplainRequest.of(hour, "in", STEREO_48K, 4800));

    assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(REFUSAL_BYTES);
    assertThat(explanation.admitted()).isFalse();
    assertThat(explanation.refusal())
        .startsWith("nodes[1] (line 6, column 5): node \"norm\" (Normalize) needs ")
        .contains("(max_memory_bytes)");
    assertThat(explanation.memoryEstimateBytes()).isGreaterThan(1L << 30);
  }

  @Test
  void manyNodes_areRefusedAtTheFirstOneThatPassesTheLimit_countingTheOnesBeforeIt() {
    // A stream's nodes hold 8192-frame chunks: at 64 channels each Gain's output and staging
    // take 4 MiB, so a 64 MiB limit is passed at the 17th of 40.
    NodeSpec[] rest = new NodeSpec[39];
    for (int i = 0; i < rest.length; i++) {
      rest[i] = NodeSpecs.gain("g" + (i + 1), 0);
    }
    PipelineManifest gains = ManifestBuilder.named("gains")
        .chain(NodeSpecs.gain("g0", 0), rest).build();
    long limit = 64L << 20;
    LocalPipelineRunner limited = LocalPipelineRunner.builder()
        .limits(new ExecutionLimits(60_000, limit, 16_000_000), ExecutionLimits.DEFAULTS)
        .build();

    // The nodes before it were allocated (within the limit); the 17th was not.
    assertRefusedWithin(limit + REFUSAL_BYTES, () -> limited.openStream(
        OpenStreamRequest.of(gains, AudioFormat.f32(48000, 64))), e -> {
          assertThat(e.nodeId()).contains("g16");
          assertThat(e.limit()).hasValueSatisfying(violation -> {
            assertThat(violation.limitValue()).isEqualTo(limit);
            assertThat(violation.actualValue()).isEqualTo(17L * (4L << 20));
          });
          assertThat(e.getMessage()).contains("with the " + 16L * (4L << 20)
              + " bytes of the nodes before it");
        });
  }

  @Test
  void resamplersToManyOddRates_countTheirFilterTables() {
    // Each very_high resampler from 192 kHz to an odd rate holds an interpolated table of
    // several MB, kept alive by its node. 40 of them would hold over 200 MB; a 32 MiB limit
    // stops them at the few that fit, and what the refused call allocated stays near it.
    NodeSpec[] rates = new NodeSpec[40];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = NodeSpecs.resample("r" + i, 96_001 + 6 * i, ResampleQuality.VERY_HIGH);
    }
    ManifestBuilder builder = ManifestBuilder.named("odd-rates").node(NodeSpecs.gain("in", 0));
    for (NodeSpec rate : rates) {
      builder.node(rate).connect("in", rate.id());
    }
    long limit = 32L << 20;
    LocalPipelineRunner limited = LocalPipelineRunner.builder()
        .limits(new ExecutionLimits(60_000, limit, 16_000_000), ExecutionLimits.DEFAULTS)
        .build();

    assertRefusedWithin(limit + REFUSAL_BYTES, () -> limited.execute(ExecutionRequest.of(
        builder.build(), "in", AudioBuffer.of(AudioFormat.f32(192_000, 1), new float[192]))),
        e -> {
          assertThat(e.nodeId()).hasValueSatisfying(id -> assertThat(id).startsWith("r"));
          assertThat(e.limit()).hasValueSatisfying(violation ->
              assertThat(violation.limit()).isEqualTo("max_memory_bytes"));
        });
  }

  @Test
  void aFanInQueueThatGrows_isChargedToTheLimit() {
    // The trimmed branch (nothing reaches 0 dBFS) gives the Mix nothing, so the other
    // branch's 10 s of 32 channels wait in the Mix's queue: 61 MB, more than the limit leaves
    // after the 37.6 MB the estimate counts (the plan's buffers, the mono output).
    PipelineManifest waiting = new ManifestParser().parse("""
        version: "v1"
        nodes:
          - {id: in, node_type: ChannelMap, params: {mode: map, map: [%s]}}
          - {id: trim, node_type: SilenceTrim, params: {threshold_dbfs: 0}}
          - {id: gain, node_type: Gain, params: {gain_db: 0}}
          - {id: mix, node_type: Mix, params: {inputs: 2}}
          - {id: mono, node_type: ChannelMap, params: {mode: downmix_average}}
        connections:
          - {from: in, to: trim}
          - {from: in, to: gain}
          - {from: trim, to: mix}
          - {from: gain, to: mix}
          - {from: mix, to: mono}
        """.formatted(String.join(", ", Collections.nCopies(32, "0"))));
    long limit = 48L << 20;
    LocalPipelineRunner limited = LocalPipelineRunner.builder()
        .limits(new ExecutionLimits(60_000, limit, 16_000_000), ExecutionLimits.DEFAULTS)
        .build();
    AudioBuffer tenSeconds = AudioBuffer.of(AudioFormat.f32(48000, 1), new float[480_000]);
    Arrays.fill(tenSeconds.samples(), 0.25f);

    assertRefusedWithin(limit + REFUSAL_BYTES, () -> limited.execute(
            ExecutionRequest.of(waiting, "in", tenSeconds)),
        e -> {
          assertThat(e.nodeId()).contains("mix");
          assertThat(e.limit()).hasValueSatisfying(violation ->
              assertThat(violation.limit()).isEqualTo("max_memory_bytes"));
        });
    assertThat(limited.memory().usedBytes()).isZero();
  }

  @Test
  void explain_countsTheNodesOwnBuffers_inItsEstimate() {
    PipelineManifest tenSeconds = NormalizeManifests.buffering(10);
    long buffer = 10L * 48000 * 2 * Float.BYTES;

    Explanation explanation = runner.explain(
        ExplainRequest.of(tenSeconds, "in", STEREO_48K, 4800));

    // Normalize's own buffer and the executor's room for its flush, each ten seconds.
    assertThat(explanation.memoryEstimateBytes()).isGreaterThanOrEqualTo(2 * buffer);
    assertThat(explanation.admitted()).isTrue();
  }

  private static void assertRefusedCheaply(ThrowingCallable call,
      Consumer<PipelineException> check) {
    assertRefusedWithin(REFUSAL_BYTES, call, check);
  }

  private static void assertRefusedWithin(long maxAllocated, ThrowingCallable call,
      Consumer<PipelineException> check) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(call).isInstanceOfSatisfying(PipelineException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
      check.accept(e);
    });
    assertThat(THREADS.getCurrentThreadAllocatedBytes() - before)
        .as("bytes allocated by the refused call").isLessThan(maxAllocated);
  }
}
