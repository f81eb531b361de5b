package io.remotemedia.bench.codec;

import io.remotemedia.audio.g711.G711Law;
import io.remotemedia.pipeline.opus.OpusPacketDecoder;
import io.remotemedia.pipeline.opus.OpusPacketEncoder;
import io.remotemedia.pipeline.opus.OpusFormatException;
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
 * CPU per 20 ms mono frame: G.711 μ-law encode and decode (8 kHz: 160 samples), and Opus
 * (Concentus) encode and decode at 16 and 48 kHz, 24 kbit/s, on a voice-like signal (a
 * harmonic tone with noise, so that Opus works as hard as on speech).
 *
 * <pre>
 * java -jar remotemedia-bench/target/benchmarks.jar CodecFrameBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecFrameBenchmark {
  @Param({"16000", "48000"})
  public int opusRateHz;

  private float[] g711Frame;
  private byte[] g711Codes;
  private float[] opusFrame;
  private byte[] packet;
  private int packetLength;
  private float[] decoded;
  private OpusPacketEncoder encoder;
  private OpusPacketDecoder decoder;

  @Setup
  public void setUp() {
    g711Frame = voice(8000, 160);
    g711Codes = new byte[160];
    int frames = opusRateHz / 50;
    opusFrame = voice(opusRateHz, frames);
    encoder = new OpusPacketEncoder(opusRateHz, 1, 20, 24_000);
    decoder = new OpusPacketDecoder(opusRateHz, 1);
    packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    packetLength = encoder.encode(opusFrame, 0, packet, 0);
    decoded = new float[decoder.maxFramesPerPacket()];
  }

  private static float[] voice(int rateHz, int frames) {
    Random random = new Random(7);
    float[] x = new float[frames];
    for (int i = 0; i < frames; i++) {
      double t = (double) i / rateHz;
      double v = 0;
      for (int h = 1; h <= 10; h++) {
        v += Math.sin(2 * Math.PI * 140 * h * t) / h;
      }
      x[i] = (float) (0.15 * v + 0.01 * random.nextGaussian());
    }
    return x;
  }

  /** μ-law encode of one 20 ms frame at 8 kHz. */
  @Benchmark
  public byte muLawEncode20ms() {
    G711Law.MU_LAW.encode(g711Frame, 0, g711Codes, 0, g711Frame.length);
    return g711Codes[159];
  }

  /** μ-law decode of one 20 ms frame at 8 kHz. */
  @Benchmark
  public float muLawDecode20ms() {
    G711Law.MU_LAW.decode(g711Codes, 0, g711Frame, 0, g711Codes.length);
    return g711Frame[159];
  }

  /** Opus encode of one 20 ms frame. */
  @Benchmark
  public int opusEncode20ms() {
    return encoder.encode(opusFrame, 0, packet, 0);
  }

  /** Opus decode of one 20 ms packet. */
  @Benchmark
  public int opusDecode20ms() throws OpusFormatException {
    return decoder.decode(packet, 0, packetLength, decoded, 0);
  }
}
