package io.remotemedia.bench.executor;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.gain.GainConfig;
import io.remotemedia.audio.gain.GainNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The executor's own cost: a chain of {@code nodes} Gain nodes run by
 * {@code LocalPipelineRunner.execute} (parse-free: the manifest is built once), against the
 * same number of {@link GainNode#process} calls made directly on preallocated buffers. Input:
 * 48 kHz stereo F32 noise, 20 ms or 1 s. Overhead per node per call =
 * (execute − direct) / nodes.
 *
 * <pre>
 * java -jar remotemedia-bench/target/benchmarks.jar ExecutorOverheadBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExecutorOverheadBenchmark {
  /** The number of Gain nodes in the chain. */
  @Param({"1", "4", "16"})
  public int nodes;

  /** The input's duration, in ms of 48 kHz stereo. */
  @Param({"20", "1000"})
  public int durationMs;

  private LocalPipelineRunner runner;
  private ExecutionRequest request;
  private GainNode[] direct;
  private float[] in;
  private float[] a;
  private float[] b;
  private int frames;

  /**
   * Builds the chain, its request and the directly called nodes, and the input.
   *
   * @throws UnsupportedFormatException never: Gain takes any format
   */
  @Setup
  public void setUp() throws UnsupportedFormatException {
    AudioFormat format = AudioFormat.f32(48_000, 2);
    frames = 48_000 * durationMs / 1000;
    in = new float[frames * 2];
    Random random = new Random(1);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (random.nextGaussian() * 0.01);
    }
    ManifestBuilder builder = ManifestBuilder.named("gain-chain").node(NodeSpecs.gain("g0", -0.1));
    for (int i = 1; i < nodes; i++) {
      builder.then(NodeSpecs.gain("g" + i, -0.1));
    }
    PipelineManifest manifest = builder.build();
    runner = LocalPipelineRunner.create();
    request = ExecutionRequest.of(manifest, "g0", AudioBuffer.of(format, in));
    direct = new GainNode[nodes];
    for (int i = 0; i < nodes; i++) {
      direct[i] = new GainNode(new GainConfig(-0.1));
      direct[i].configure(format, frames);
    }
    a = Arrays.copyOf(in, in.length);
    b = new float[in.length];
  }

  /**
   * The chain through the executor.
   *
   * @return the result, so that the work is not eliminated
   */
  @Benchmark
  public ExecutionResult execute() {
    return runner.execute(request);
  }

  /**
   * The same gains called directly, ping-ponging two preallocated buffers.
   *
   * @return the first sample of the last node's output, so that the work is not eliminated
   */
  @Benchmark
  public float directProcess() {
    float[] src = in;
    float[] dst = a;
    for (GainNode node : direct) {
      node.process(src, frames, dst);
      src = dst;
      dst = dst == a ? b : a;
    }
    return src[0];
  }
}
