package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.Connection;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.NodeSpec;
import io.remotemedia.proto.PipelineManifest;
import io.remotemedia.proto.SampleFormat;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamClose;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.server.internal.transport.RawCalls.Body;
import io.remotemedia.server.internal.transport.RawCalls.Outcome;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes the real server over the wire: mutated, random and unparseable ExecuteRequest and
 * StreamRequest bytes through a raw gRPC call, and a share of hand-made HTTP/2 frames with
 * random message prefixes. Every answer must be one a client's mistake may get (never UNKNOWN
 * or INTERNAL, always with an ErrorDetail), nothing may reach stderr, and afterwards the
 * gauges are back to 0 and the heap after GC is back near where it started.
 *
 * <p>Seeded and bounded: CI runs {@value #DEFAULT_CASES} cases (a few seconds). To fuzz longer:
 *
 * <pre>
 * mvn -B -pl remotemedia-grpc-server -am verify -DskipITs -Dtest=WireFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dremotemedia.wirefuzz.cases=50000 -Dremotemedia.wirefuzz.seed=$RANDOM
 * </pre>
 *
 * A failure names the seed, the case and its bytes.
 */
class WireFuzzTest {
  private static final int DEFAULT_CASES = 200;
  private static final long CASES = Long.getLong("remotemedia.wirefuzz.cases", DEFAULT_CASES);
  private static final long SEED = Long.getLong("remotemedia.wirefuzz.seed", 13);
  /** Codes a client's mistake may get; UNKNOWN and INTERNAL would be server bugs. */
  private static final Set<Status.Code> ALLOWED = EnumSet.of(Status.Code.OK,
      Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED,
      Status.Code.FAILED_PRECONDITION, Status.Code.DEADLINE_EXCEEDED);
  /** Heap the run may keep after GC, in bytes: caches of classes and the filter designs. */
  private static final long HEAP_SLACK_BYTES = 48L << 20;
  private static final String EXECUTE_PATH = "/remotemedia.v1.PipelineService/ExecutePipeline";

  @RegisterExtension
  final WireServer server = new WireServer();

  private final Random random = new Random(SEED);

  @Test
  void fuzz_mutatedRandomAndUnparseableMessages_getContractStatusesAndLeaveNoTrace()
      throws Exception {
    // Warm up (classes, pools, first filter designs) before the heap baseline.
    for (int i = 0; i < 20; i++) {
      runCase(-1 - i);
    }
    long baseline = heapAfterGc();

    for (long i = 0; i < CASES; i++) {
      runCase(i);
    }

    assertThat(WireServer.await(() -> server.metric("active_calls"), 0))
        .as("active_calls after %d cases, seed %d", CASES, SEED).isZero();
    assertThat(WireServer.await(() -> server.metric("active_streams"), 0))
        .as("active_streams").isZero();
    assertThat(server.stackTraces()).as("stack traces, seed %d", SEED).isEmpty();
    assertThat(heapAfterGc()).as("heap after GC, bytes; baseline %d", baseline)
        .isLessThan(baseline + HEAP_SLACK_BYTES);
  }

  private void runCase(long index) throws Exception {
    int kind = random.nextInt(10);
    if (kind < 5) {
      byte[] bytes = mutate(executeRequest().toByteArray());
      Outcome outcome = RawCalls.call(server.channel(), RawCalls.EXECUTE, bytes);
      check(outcome, index, "ExecutePipeline", List.of(bytes));
    } else if (kind < 9) {
      List<byte[]> messages = streamMessages();
      List<Body> bodies = new ArrayList<>();
      messages.forEach(bytes -> bodies.add(Body.of(bytes)));
      Outcome outcome = RawCalls.call(server.channel(), RawCalls.STREAM, bodies);
      check(outcome, index, "StreamPipeline", messages);
    } else {
      byte[] body = rawFrame();
      RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE_PATH, Map.of(), body, true);
      assertThat(result.grpcStatus()).as("case %d (seed %d), raw body %s", index, SEED,
          hex(body)).isNotNull().isNotIn("2", "13");
    }
  }

  private static void check(Outcome outcome, long index, String method, List<byte[]> messages) {
    String described = "case " + index + " (seed " + SEED + "), " + method + " "
        + messages.stream().map(WireFuzzTest::hex).toList() + ": " + outcome.status();
    assertThat(outcome.code()).as(described).isIn(ALLOWED);
    if (outcome.code() != Status.Code.OK) {
      assertThat(outcome.detail()).as("ErrorDetail of " + described).isPresent();
    }
  }

  // ---- Inputs ----

  private ExecuteRequest executeRequest() {
    return ExecuteRequest.newBuilder()
        .setManifest(manifest())
        .putAudioInputs("a", audio(random.nextInt(1200)))
        .setClientProtocolVersion(random.nextInt(8) == 0 ? randomText(6) : "v1")
        .build();
  }

  private List<byte[]> streamMessages() {
    List<byte[]> messages = new ArrayList<>();
    messages.add(maybeMutate(StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder()
        .setManifest(manifest()).setInputFormat(audio(0))).build().toByteArray()));
    int chunks = random.nextInt(4);
    for (int i = 0; i < chunks; i++) {
      messages.add(maybeMutate(StreamRequest.newBuilder().setChunk(StreamChunk.newBuilder()
          .setSequence(random.nextInt(8) == 0 ? random.nextLong() : i)
          .setAudio(audio(random.nextInt(960)))).build().toByteArray()));
    }
    if (random.nextBoolean()) {
      messages.add(maybeMutate(StreamRequest.newBuilder()
          .setClose(StreamClose.getDefaultInstance()).build().toByteArray()));
    }
    return messages;
  }

  private PipelineManifest manifest() {
    String[] types = {"Gain", "AudioResample", "DcBlocker", "Normalize", "Biquad", "Vad",
        "ChannelMap", "Mix", "SilenceTrim", randomText(1 + random.nextInt(30))};
    PipelineManifest.Builder manifest = PipelineManifest.newBuilder().setVersion(
        random.nextInt(10) == 0 ? randomText(3) : "v1");
    int nodes = 1 + random.nextInt(3);
    for (int i = 0; i < nodes; i++) {
      manifest.addNodes(NodeSpec.newBuilder()
          .setId(i == 0 ? "a" : "n" + i)
          .setNodeType(types[random.nextInt(types.length)])
          .setParams(params()));
      if (i > 0) {
        manifest.addConnections(Connection.newBuilder().setFrom(i == 1 ? "a" : "n" + (i - 1))
            .setTo("n" + i));
      }
    }
    return manifest.build();
  }

  private Struct params() {
    String[] names = {"gain_db", "target_rate_hz", "quality", "cutoff_hz", "type", "q",
        "threshold_db", "map", "channels", "target_lufs", randomText(1 + random.nextInt(12))};
    Struct.Builder params = Struct.newBuilder();
    int count = random.nextInt(3);
    for (int i = 0; i < count; i++) {
      params.putFields(names[random.nextInt(names.length)], value(3));
    }
    return params.build();
  }

  private Value value(int depth) {
    return switch (random.nextInt(depth > 0 ? 8 : 6)) {
      case 0 -> Value.getDefaultInstance(); // no kind set
      case 1 -> Value.newBuilder().setNullValueValue(0).build();
      case 2 -> Value.newBuilder().setNumberValue(interestingNumber()).build();
      case 3 -> Value.newBuilder().setStringValue(randomText(random.nextInt(20))).build();
      case 4 -> Value.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 5 -> Value.newBuilder().setNumberValue(random.nextInt(200) - 100).build();
      case 6 -> {
        ListValue.Builder list = ListValue.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.addValues(value(depth - 1));
        }
        yield Value.newBuilder().setListValue(list).build();
      }
      default -> Value.newBuilder().setStructValue(Struct.newBuilder()
          .putFields(randomText(3), value(depth - 1))).build();
    };
  }

  private double interestingNumber() {
    double[] numbers = {0, -0.0, 1, -1, 1e300, -1e300, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0x1p63, 48_000, 768_001, 1e-9};
    return numbers[random.nextInt(numbers.length)];
  }

  private AudioBuffer audio(int frames) {
    int channels = random.nextInt(10) == 0 ? random.nextInt(70) : 1 + random.nextInt(2);
    SampleFormat format = SampleFormat.forNumber(random.nextInt(4));
    int bytesPerSample = format == SampleFormat.SAMPLE_FORMAT_I16 ? 2 : 4;
    int sampleBytes = frames * Math.max(channels, 1) * bytesPerSample;
    if (random.nextInt(8) == 0) {
      sampleBytes += random.nextInt(7) - 3;
    }
    byte[] samples = new byte[Math.max(0, sampleBytes)];
    random.nextBytes(samples);
    long frameCount = random.nextInt(12) == 0 ? random.nextLong() : frames;
    int[] rates = {8_000, 16_000, 44_100, 48_000, 0, 1, 768_000, 768_001};
    return AudioBuffer.newBuilder()
        .setSamples(ByteString.copyFrom(samples))
        .setSampleRateHz(rates[random.nextInt(rates.length)])
        .setChannels(channels)
        .setFormat(format == null ? SampleFormat.SAMPLE_FORMAT_F32 : format)
        .setFrameCount(frameCount)
        .build();
  }

  // ---- Byte-level mutations ----

  private byte[] maybeMutate(byte[] bytes) {
    return random.nextInt(3) == 0 ? mutate(bytes) : bytes;
  }

  private byte[] mutate(byte[] bytes) {
    return switch (random.nextInt(8)) {
      case 0 -> bytes; // the well-formed message, as a control
      case 1 -> flipBits(bytes);
      case 2 -> java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0
          : random.nextInt(bytes.length)); // truncated
      case 3 -> randomBytes(random.nextInt(64));
      case 4 -> insert(bytes, randomBytes(1 + random.nextInt(16)));
      case 5 -> insert(bytes, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
          0x0F}); // a huge varint
      case 6 -> new byte[] {(byte) random.nextInt(256)};
      default -> duplicateSlice(bytes);
    };
  }

  private byte[] flipBits(byte[] bytes) {
    byte[] copy = bytes.clone();
    for (int i = 1 + random.nextInt(4); i > 0 && copy.length > 0; i--) {
      copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return copy;
  }

  private byte[] insert(byte[] bytes, byte[] extra) {
    int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
    byte[] out = new byte[bytes.length + extra.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(bytes, at, out, at + extra.length, bytes.length - at);
    return out;
  }

  private byte[] duplicateSlice(byte[] bytes) {
    if (bytes.length < 2) {
      return bytes;
    }
    int from = random.nextInt(bytes.length - 1);
    int to = from + 1 + random.nextInt(Math.min(64, bytes.length - from - 1) + 1) - 1;
    return insert(bytes, java.util.Arrays.copyOfRange(bytes, from, Math.max(from + 1, to)));
  }

  private byte[] rawFrame() {
    byte[] message = mutate(executeRequest().toByteArray());
    // Within the connection's first flow-control window: RawHttp2 does not wait for more.
    message = java.util.Arrays.copyOf(message, Math.min(message.length, 60_000));
    long announced = switch (random.nextInt(4)) {
      case 0 -> message.length;
      case 1 -> message.length + 1 + random.nextInt(100);
      case 2 -> random.nextInt(Integer.MAX_VALUE) & 0xFFFF_FFFFL;
      default -> Math.max(0, message.length - random.nextInt(message.length + 1));
    };
    byte[] prefix = RawHttp2.prefix(false, announced);
    prefix[0] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0);
    byte[] body = new byte[5 + message.length];
    System.arraycopy(prefix, 0, body, 0, 5);
    System.arraycopy(message, 0, body, 5, message.length);
    return body;
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private String randomText(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x2000)
          : 0x20 + random.nextInt(0x5F));
    }
    return text.toString();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 300))
        + (bytes.length > 300 ? "...(" + bytes.length + " bytes)" : "");
  }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
