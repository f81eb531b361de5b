package io.remotemedia.bench.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.proto.internal.wire.AudioWire;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protobuf mapping of 1 s of 44.1 kHz mono F32 audio (176,400 bytes of samples): the
 * domain/wire conversion ({@link AudioWire#toProto}, {@link AudioWire#fromProto}) and the
 * message's own serialization ({@code toByteArray}, {@code parseFrom}). Run with
 * {@code -prof gc} for B/op.
 *
 * <pre>
 * java -jar remotemedia-bench/target/benchmarks.jar AudioWireBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AudioWireBenchmark {
  private AudioBuffer audio;
  private io.remotemedia.proto.AudioBuffer message;
  private byte[] serialized;

  /** Makes one second of a 44.1 kHz sine, its message and the message's bytes. */
  @Setup
  public void setUp() {
    float[] samples = new float[44_100];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440.0 * i / 44_100));
    }
    audio = AudioBuffer.of(AudioFormat.f32(44_100, 1), samples);
    message = AudioWire.toProto(audio);
    serialized = message.toByteArray();
  }

  /**
   * Domain audio to the wire message (PCM encode into a new buffer, wrapped).
   *
   * @return the message
   */
  @Benchmark
  public io.remotemedia.proto.AudioBuffer toProto() {
    return AudioWire.toProto(audio);
  }

  /**
   * The wire message to domain audio (checks, PCM decode into a new float array).
   *
   * @return the audio
   */
  @Benchmark
  public AudioBuffer fromProto() {
    return AudioWire.fromProto(message, "bench");
  }

  /**
   * The message to bytes, as gRPC's marshaller does for a response.
   *
   * @return the bytes
   */
  @Benchmark
  public byte[] toByteArray() {
    return message.toByteArray();
  }

  /**
   * Bytes to the message, as gRPC's marshaller does for a request.
   *
   * @return the message
   * @throws InvalidProtocolBufferException never: the bytes are a valid message
   */
  @Benchmark
  public io.remotemedia.proto.AudioBuffer parseFrom() throws InvalidProtocolBufferException {
    return io.remotemedia.proto.AudioBuffer.parseFrom(serialized);
  }
}
