package io.remotemedia.bench.resample;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.audio.resample.ResampleConfig;
import io.remotemedia.audio.resample.ResampleNode;
import io.remotemedia.audio.resample.ResampleQuality;
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
 * AudioResample, 44.1 kHz → 16 kHz mono, for each quality: one 100 ms chunk (4410 frames) per
 * operation ({@code process100ms}; times realtime per core = operations per second × 0.1), and
 * one 20 ms chunk (882 frames, the streaming case) per operation ({@code process20ms}; times
 * realtime = operations per second × 0.02, µs per chunk = 10⁶ / operations per second).
 *
 * <pre>
 * mvn -B -o -q -pl remotemedia-bench -am package -DskipTests
 * java -jar remotemedia-bench/target/benchmarks.jar ResampleBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResampleBenchmark {
  /** 100 ms at 44.1 kHz. */
  static final int CHUNK_FRAMES = 4410;
  /** 20 ms at 44.1 kHz. */
  static final int SMALL_CHUNK_FRAMES = 882;

  /** The filter quality. */
  @Param({"QUICK", "MEDIUM", "HIGH", "VERY_HIGH"})
  public ResampleQuality quality;

  private ResampleNode node;
  private ResampleNode streamNode;
  private float[] in;
  private float[] out;

  /**
   * Configures one node for 100 ms chunks and one for 20 ms chunks, and fills the input.
   *
   * @throws UnsupportedFormatException never: 44.1 kHz mono is supported
   */
  @Setup
  public void setUp() throws UnsupportedFormatException {
    node = new ResampleNode(new ResampleConfig(16000, quality));
    node.configure(AudioFormat.f32(44100, 1), CHUNK_FRAMES);
    in = new float[CHUNK_FRAMES];
    Random random = new Random(1);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (0.5 * Math.sin(2 * Math.PI * 997 * i / 44100.0)
          + 0.1 * (2 * random.nextDouble() - 1));
    }
    out = new float[node.maxOutputFrames(CHUNK_FRAMES)];
    streamNode = new ResampleNode(new ResampleConfig(16000, quality));
    streamNode.configure(AudioFormat.f32(44100, 1), SMALL_CHUNK_FRAMES);
  }

  /**
   * Returns the frames written so that the work cannot be eliminated.
   *
   * @return the frames written
   */
  @Benchmark
  public int process100ms() {
    return node.process(in, CHUNK_FRAMES, out);
  }

  /**
   * One 20 ms chunk; the same input and output arrays (their first 882 frames).
   *
   * @return the frames written, so that the work is not eliminated
   */
  @Benchmark
  public int process20ms() {
    return streamNode.process(in, SMALL_CHUNK_FRAMES, out);
  }
}
