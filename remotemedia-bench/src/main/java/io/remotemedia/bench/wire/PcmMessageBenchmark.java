package io.remotemedia.bench.wire;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.internal.marshal.PcmMessage;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
 * Writing an ExecutePipeline request as the SDK sends it: a {@link PcmMessage} whose samples
 * are encoded from the floats while grpc-java drains it, here into a direct buffer, as
 * grpc-java's framer copies what it is given into Netty's direct buffers. The audio is {@code
 * seconds} of 44.1 kHz mono F32 (10 s: the load generator's resample-10s request, 1.76 MB).
 * The server writes its PCM responses the same way.
 *
 * <pre>
 * java -jar remotemedia-bench/target/benchmarks.jar PcmMessageBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PcmMessageBenchmark {
  private static final String MANIFEST = """
      {"version": "v1", "nodes": [{"id": "resample", "node_type": "AudioResample",
                                   "params": {"target_sample_rate": 16000}}],
       "connections": []}
      """;

  /** Seconds of audio in the request. */
  @Param({"1", "10"})
  public int seconds;

  private ExecutionRequest request;
  private DirectSink sink;

  /** Makes the request (a 440 Hz sine) and a direct buffer that holds its message. */
  @Setup
  public void setUp() {
    float[] samples = new float[seconds * 44_100];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440.0 * i / 44_100));
    }
    request = ExecutionRequest.of(new ManifestParser().parse(MANIFEST), "resample",
        AudioBuffer.of(AudioFormat.f32(44_100, 1), samples));
    sink = new DirectSink(ExecutionWire.toPcmMessage(request, ProtocolVersions.CURRENT)
        .serializedSize());
  }

  /**
   * Builds the request's message and writes it whole.
   *
   * @return the bytes written
   * @throws IOException never: the sink holds the whole message
   */
  @Benchmark
  public int writeRequest() throws IOException {
    PcmMessage<ExecuteRequest> message =
        ExecutionWire.toPcmMessage(request, ProtocolVersions.CURRENT);
    sink.buffer.clear();
    message.writeTo(sink);
    return sink.buffer.position();
  }

  /** Copies what it is given into one direct buffer, as grpc-java's framer does. */
  private static final class DirectSink extends OutputStream {
    private final ByteBuffer buffer;

    DirectSink(int capacity) {
      buffer = ByteBuffer.allocateDirect(capacity);
    }

    @Override
    public void write(int b) {
      buffer.put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.put(bytes, offset, length);
    }
  }
}
