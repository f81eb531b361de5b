package io.remotemedia.bench.pcm;

import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.pcm.PcmCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * {@link PcmCodec} decoding and encoding 1 s of 48 kHz stereo (96,000 samples) in each sample
 * format. Times realtime per core = 1 s / score. Run with {@code -prof gc} for B/op (the codec
 * writes into buffers it is given, so it should allocate nothing).
 *
 * <pre>
 * java -jar remotemedia-bench/target/benchmarks.jar PcmCodecBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PcmCodecBenchmark {
  /** 1 s of 48 kHz stereo. */
  static final int SAMPLES = 48_000 * 2;

  /** The wire sample format. */
  @Param({"F32", "I16", "I32"})
  public SampleFormat format;

  private float[] samples;
  private ByteBuffer bytes;

  /** Fills one second of 48 kHz stereo samples and their encoding. */
  @Setup
  public void setUp() {
    samples = new float[SAMPLES];
    Random random = new Random(1);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (random.nextGaussian() * 0.1);
    }
    bytes = ByteBuffer.allocate(SAMPLES * format.bytesPerSample()).order(ByteOrder.LITTLE_ENDIAN);
    PcmCodec.encode(samples, SAMPLES, format, bytes);
    bytes.flip();
  }

  /**
   * Wire bytes to floats; returns a sample so nothing is elided.
   *
   * @return the last decoded sample
   */
  @Benchmark
  public float decode1s() {
    bytes.rewind();
    PcmCodec.decode(bytes, format, samples, SAMPLES);
    return samples[SAMPLES - 1];
  }

  /**
   * Floats to wire bytes.
   *
   * @return the number of clipped samples, so that the work is not eliminated
   */
  @Benchmark
  public int encode1s() {
    bytes.clear();
    return PcmCodec.encode(samples, SAMPLES, format, bytes);
  }
}
