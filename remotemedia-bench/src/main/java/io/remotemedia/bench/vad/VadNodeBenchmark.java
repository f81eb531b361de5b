package io.remotemedia.bench.vad;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.audio.vad.VadConfig;
import io.remotemedia.audio.vad.VadNode;
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
 * Cost of one 20 ms chunk through the VAD node (mono, noise-like input, default config), per
 * input rate. Run with {@code -prof gc} to see that the streaming path allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VadNodeBenchmark {
  @Param({"16000", "48000"})
  int sampleRateHz;

  @Param({"false", "true"})
  boolean gate;

  private VadNode node;
  private float[][] chunks;
  private float[] out;
  private int next;

  /**
   * Configures the node and fills a second of noise whose level switches every 0.5 s.
   *
   * @throws UnsupportedFormatException never: 16 and 48 kHz mono are supported
   */
  @Setup
  public void setUp() throws UnsupportedFormatException {
    int chunk = sampleRateHz / 50;
    node = new VadNode(VadConfig.defaults().withGate(gate));
    node.configure(AudioFormat.f32(sampleRateHz, 1), chunk);
    Random random = new Random(1);
    chunks = new float[50][chunk];
    for (int c = 0; c < chunks.length; c++) {
      for (int i = 0; i < chunk; i++) {
        // Noise whose level switches every 0.5 s, so segments open and close.
        chunks[c][i] = (float) (random.nextGaussian() * (c % 50 < 25 ? 0.2 : 0.002));
      }
    }
    out = new float[node.maxOutputFrames(chunk)];
  }

  /**
   * One 20 ms chunk through the node.
   *
   * @return the frames written, so that the work is not eliminated
   */
  @Benchmark
  public int process20ms() {
    float[] in = chunks[next];
    next = next + 1 == chunks.length ? 0 : next + 1;
    return node.process(in, in.length, out);
  }
}
