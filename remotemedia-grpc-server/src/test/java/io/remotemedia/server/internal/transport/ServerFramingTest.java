package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.util.ResourceLeakDetector;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.SampleFormat;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamClose;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.OwnRunnerServer;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.internal.logging.EveryLogger;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real server on loopback, driven by a bare HTTP/2 client that chooses how a request is
 * cut into DATA frames: 1-byte frames, a boundary inside the 5-byte gRPC prefix, empty frames
 * before, inside and after the message, END_STREAM on an empty frame, samples straddling
 * frames at odd offsets. The answer's audio must be the answer to the same request sent in one
 * piece, bit for bit; malformed requests in odd frames must each get a clear error, leave no
 * Netty LEAK (paranoid detection) and no pooled buffer behind, and the next call still works.
 */
class ServerFramingTest {
  private static final String EXECUTE = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String STREAM = "/remotemedia.v1.PipelineService/StreamPipeline";

  private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(
      /* preferDirect= */ true, 1, 1, PooledByteBufAllocator.defaultPageSize(),
      PooledByteBufAllocator.defaultMaxOrder(), 0, 0, false);
  private final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());
  private AbstractAppender capture;
  private ResourceLeakDetector.Level previousLevel;
  private RemoteMediaServer server;
  private ManagedChannel channel;

  @BeforeEach
  void capture() {
    previousLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    capture = new AbstractAppender("framing-capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        events.add(event.toImmutable());
      }
    };
    capture.start();
    EveryLogger.attach(capture);
  }

  private void start(boolean inline) throws Exception {
    NettyServerBuilder transport = NettyServerBuilder
        .forAddress(new InetSocketAddress("127.0.0.1", 0))
        .withChildOption(ChannelOption.ALLOCATOR, allocator);
    server = inline
        ? OwnRunnerServer.around(transport, LocalPipelineRunner.create(),
            new ServerSettings(8 << 20, 48_000), Observability.defaults())
        : new RemoteMediaServer(transport, LocalPipelineRunner.create(),
            new ServerSettings(8 << 20, 0), Observability.defaults());
    server.start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdown(Duration.ofSeconds(5));
    }
    EveryLogger.detach(capture);
    capture.stop();
    ResourceLeakDetector.setLevel(previousLevel);
  }

  /** The framings of a message of {@code n} framed bytes, by name. */
  static Map<String, List<byte[]>> framings(byte[] body) {
    Map<String, List<byte[]>> framings = new LinkedHashMap<>();
    framings.put("one frame", RawHttp2.cut(body, new int[] {body.length}, 0, 0));
    framings.put("1-byte frames", RawHttp2.cut(body, new int[] {1}, 0, 0));
    framings.put("prefix cut 2|3", RawHttp2.cut(body, new int[] {2, 3, body.length}, 0, 0));
    framings.put("prefix cut 1|1|1|1|1", RawHttp2.cut(body,
        new int[] {1, 1, 1, 1, 1, body.length}, 0, 0));
    framings.put("prefix cut 4|rest", RawHttp2.cut(body, new int[] {4, body.length}, 0, 0));
    framings.put("prefix cut 5|rest", RawHttp2.cut(body, new int[] {5, body.length}, 0, 0));
    framings.put("prefix cut 6|rest", RawHttp2.cut(body, new int[] {6, body.length}, 0, 0));
    framings.put("empty before", RawHttp2.cut(body, new int[] {body.length}, 3, 0));
    framings.put("END_STREAM on an empty frame after",
        RawHttp2.cut(body, new int[] {body.length}, 0, 1));
    // Single empty frames only: two in a row before or inside the prefix fail inside grpc-java
    // 1.85.1, before any of our code (docs/deploy/proxy.md).
    framings.put("empty before, inside, after", RawHttp2.cut(body,
        new int[] {3, 0, 2, 0, 101, 0}, 1, 2));
    framings.put("two empty frames in a row inside the body", RawHttp2.cut(body,
        new int[] {5, 101, 0, 0, 7, 0, 0, 0}, 0, 0));
    framings.put("many large frames, empties between", RawHttp2.cut(body,
        new int[] {5, 0, 1500, 0, 0, 2000, 0, 0, 0}, 0, 3));
    framings.put("empty inside the prefix", RawHttp2.cut(body,
        new int[] {2, 0, 3, 0, body.length}, 0, 0));
    framings.put("odd straddling 7|13|1|4093", RawHttp2.cut(body,
        new int[] {7, 13, 1, 4093}, 0, 0));
    framings.put("odd straddling with empties", RawHttp2.cut(body,
        new int[] {3, 0, 4097, 0, 5, 11, 0}, 1, 1));
    framings.put("last byte alone", RawHttp2.cut(body,
        new int[] {body.length - 1, 1}, 0, 0));
    framings.put("last byte alone, then empty", RawHttp2.cut(body,
        new int[] {body.length - 1, 1}, 0, 1));
    return framings;
  }

  @ParameterizedTest(name = "inline {0}")
  @ValueSource(booleans = {false, true})
  void execute_inOddDataFrames_answersTheSameAudioBitForBit(boolean inline) throws Exception {
    start(inline);
    byte[] request = executeRequest(3_001, 7).toByteArray();
    RawCalls.Outcome normal = RawCalls.call(channel, RawCalls.EXECUTE, request);
    assertThat(normal.code()).isEqualTo(Status.Code.OK);
    Map<String, io.remotemedia.proto.AudioBuffer> expected = normalAudio(request);
    assertThat(expected).isNotEmpty();

    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, List<byte[]>> framing
        : framings(RawHttp2.grpcFrame(request)).entrySet()) {
      RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE, framing.getValue());
      if (!"0".equals(result.grpcStatus()) || result.messages().size() != 1) {
        failures.add(framing.getKey() + ": status " + result.grpcStatus() + " "
            + result.grpcMessage() + " reset " + result.resetCode() + " goaway "
            + result.goAway() + " closed " + result.connectionClosed());
        continue;
      }
      Map<String, io.remotemedia.proto.AudioBuffer> audio =
          ExecuteResponse.parseFrom(result.messages().get(0)).getAudioOutputsMap();
      if (!audio.equals(expected)) {
        failures.add(framing.getKey() + ": different audio");
      }
    }
    assertThat(failures).isEmpty();
    assertNoLeak();
  }

  @ParameterizedTest(name = "inline {0}")
  @ValueSource(booleans = {false, true})
  void stream_inOddDataFrames_answersTheSameAudioBitForBit(boolean inline) throws Exception {
    start(inline);
    List<byte[]> messages = streamSession();
    byte[] body = RawHttp2.grpcFrames(messages);
    RawHttp2.Result reference = RawHttp2.call(server.port(), STREAM,
        List.of(body));
    assertThat(reference.grpcStatus()).as(reference.grpcMessage()).isEqualTo("0");
    List<Object> expected = streamAudio(reference.messages());
    assertThat(expected).hasSizeGreaterThan(2);

    List<String> failures = new ArrayList<>();
    Map<String, List<byte[]>> framings = framings(body);
    // A cut inside the prefix of every message, and a frame per message with empties between.
    List<byte[]> perMessage = new ArrayList<>();
    for (byte[] message : messages) {
      byte[] framed = RawHttp2.grpcFrame(message);
      perMessage.addAll(RawHttp2.cut(framed, new int[] {3, 0, 1, framed.length}, 1, 0));
    }
    perMessage.add(new byte[0]);
    framings.put("each message: 3|0|1|rest", perMessage);
    for (Map.Entry<String, List<byte[]>> framing : framings.entrySet()) {
      RawHttp2.Result result = RawHttp2.call(server.port(), STREAM, framing.getValue());
      if (!"0".equals(result.grpcStatus())) {
        failures.add(framing.getKey() + ": status " + result.grpcStatus() + " "
            + result.grpcMessage() + " reset " + result.resetCode());
        continue;
      }
      if (!streamAudio(result.messages()).equals(expected)) {
        failures.add(framing.getKey() + ": different audio");
      }
    }
    assertThat(failures).isEmpty();
    assertNoLeak();
  }

  @ParameterizedTest(name = "inline {0}")
  @ValueSource(booleans = {false, true})
  void malformedRequestsInOddFrames_areAnsweredClearly_leakNothing_andServingGoesOn(
      boolean inline) throws Exception {
    start(inline);
    byte[] good = executeRequest(2_000, 11).toByteArray();
    Map<String, io.remotemedia.proto.AudioBuffer> expected = normalAudio(good);
    // Warm up, then count the pool's live allocations.
    for (int i = 0; i < 3; i++) {
      assertThat(RawHttp2.call(server.port(), EXECUTE,
          List.of(RawHttp2.grpcFrame(good))).grpcStatus()).isEqualTo("0");
    }
    long baseline = activeAllocations();

    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("truncated field", RawHttp2.grpcFrame(new byte[] {0x0A, 100, 1}));
    bad.put("truncated audio", RawHttp2.grpcFrame(
        java.util.Arrays.copyOf(good, good.length - 3)));
    bad.put("bad UTF-8", RawHttp2.grpcFrame(new byte[] {0x22, 2, (byte) 0x80, (byte) 0xFF}));
    bad.put("nested too deep", RawHttp2.grpcFrame(
        AliasingMarshallerTest.requestWithNestedParams(40).toByteArray()));
    bad.put("good audio, then garbage tag", RawHttp2.grpcFrame(
        concat(good, new byte[] {0x0F})));
    Map<String, String> expectedCodes = new LinkedHashMap<>();
    bad.keySet().forEach(name -> expectedCodes.put(name, "3"));

    List<String> failures = new ArrayList<>();
    int[][] cuts = {{1}, {2, 0, 3, 0, 7, 0}, {4093, 0, 1}};
    for (int[] cut : cuts) {
      for (Map.Entry<String, byte[]> request : bad.entrySet()) {
        RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE,
            RawHttp2.cut(request.getValue(), cut, 1, 1));
        if (!expectedCodes.get(request.getKey()).equals(result.grpcStatus())
            || result.grpcMessage() == null) {
          failures.add(request.getKey() + " cut " + java.util.Arrays.toString(cut)
              + ": status " + result.grpcStatus() + " " + result.grpcMessage());
        }
        checkGood(good, expected, cut, failures);
      }
      // gzip whose trailer lies about the size.
      byte[] lying = gzip(good);
      lying[lying.length - 1] ^= 0x01;
      RawHttp2.Result lied = RawHttp2.call(server.port(), EXECUTE,
          Map.of("grpc-encoding", "gzip"),
          RawHttp2.cut(compressedFrame(lying), cut, 1, 1));
      if (lied.grpcStatus() == null || "0".equals(lied.grpcStatus())
          || lied.grpcMessage() == null) {
        failures.add("gzip lying about its size, cut " + java.util.Arrays.toString(cut)
            + ": status " + lied.grpcStatus() + " " + lied.grpcMessage());
      }
      checkGood(good, expected, cut, failures);
      // gzip that inflates past the 8 MiB limit.
      byte[] bomb = gzip(new byte[9 << 20]);
      RawHttp2.Result bombed = RawHttp2.call(server.port(), EXECUTE,
          Map.of("grpc-encoding", "gzip"),
          RawHttp2.cut(compressedFrame(bomb), cut, 1, 1));
      if (!"8".equals(bombed.grpcStatus())) {
        failures.add("gzip bomb, cut " + java.util.Arrays.toString(cut) + ": status "
            + bombed.grpcStatus() + " " + bombed.grpcMessage());
      }
      checkGood(good, expected, cut, failures);
      // A prefix that promises more than the stream carries.
      byte[] shortBody = concat(RawHttp2.prefix(false, good.length + 100), good);
      RawHttp2.Result cutShort = RawHttp2.call(server.port(), EXECUTE,
          RawHttp2.cut(shortBody, cut, 1, 1));
      if (cutShort.grpcStatus() == null || "0".equals(cutShort.grpcStatus())) {
        failures.add("prefix longer than the body, cut " + java.util.Arrays.toString(cut)
            + ": status " + cutShort.grpcStatus() + " " + cutShort.grpcMessage());
      }
      checkGood(good, expected, cut, failures);
    }
    assertThat(failures).isEmpty();
    Await.until("the server's pooled network buffers are all released (baseline " + baseline
        + ")", 10, () -> activeAllocations() <= baseline);
    assertNoLeak();
  }

  private void checkGood(byte[] good, Map<String, io.remotemedia.proto.AudioBuffer> expected,
      int[] cut, List<String> failures) throws Exception {
    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE,
        RawHttp2.cut(RawHttp2.grpcFrame(good), cut, 1, 1));
    if (!"0".equals(result.grpcStatus()) || result.messages().size() != 1
        || !ExecuteResponse.parseFrom(result.messages().get(0)).getAudioOutputsMap()
            .equals(expected)) {
      failures.add("good call after, cut " + java.util.Arrays.toString(cut) + ": status "
          + result.grpcStatus() + " " + result.grpcMessage());
    }
  }

  /** Collects garbage, makes the pool allocate so that Netty reports, and finds no LEAK. */
  private void assertNoLeak() throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      allocator.buffer(64).release();
      allocator.directBuffer(64).release();
      RawCalls.call(channel, RawCalls.EXECUTE, executeRequest(100, 1).toByteArray());
    }
    List<String> leaks;
    synchronized (events) {
      leaks = events.stream().map(event -> event.getMessage().getFormattedMessage())
          .filter(message -> message.contains("LEAK")).toList();
    }
    assertThat(leaks).isEmpty();
  }

  private Map<String, io.remotemedia.proto.AudioBuffer> normalAudio(byte[] request)
      throws Exception {
    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE,
        List.of(RawHttp2.grpcFrame(request)));
    assertThat(result.grpcStatus()).as(result.grpcMessage()).isEqualTo("0");
    return ExecuteResponse.parseFrom(result.messages().get(0)).getAudioOutputsMap();
  }

  private static List<Object> streamAudio(List<byte[]> responses) throws Exception {
    List<Object> audio = new ArrayList<>();
    for (byte[] bytes : responses) {
      StreamResponse response = StreamResponse.parseFrom(bytes);
      switch (response.getKindCase()) {
        case RESULT -> audio.add(List.of(response.getResult().getSequence(),
            response.getResult().getAudioOutputsMap()));
        case CLOSED -> audio.add(response.getClosed().getAudioOutputsMap());
        default -> audio.add(response.getKindCase());
      }
    }
    return audio;
  }

  /** Gain then resample 44.1 kHz to 16 kHz, over noisy audio with odd-sized samples. */
  static ExecuteRequest executeRequest(int frames, long seed) {
    Random random = new Random(seed);
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) Math.sin(i * 0.013) * 0.5f + (random.nextFloat() - 0.5f) * 0.1f;
    }
    return ExecutionWire.toProto(ExecutionRequest.of(
        ManifestBuilder.named("framing").node(NodeSpecs.gain("gain", -3.5))
            .node(NodeSpecs.resample("resample", 16_000)).connect("gain", "resample").build(),
        "gain", AudioBuffer.of(AudioFormat.f32(44_100, 1), samples)),
        ProtocolVersions.CURRENT);
  }

  static List<byte[]> streamSession() {
    ExecuteRequest manifestOf = executeRequest(10, 1);
    io.remotemedia.proto.AudioBuffer format = io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(44_100).setChannels(1).setFormat(SampleFormat.SAMPLE_FORMAT_F32)
        .build();
    List<byte[]> messages = new ArrayList<>();
    messages.add(StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder()
        .setManifest(manifestOf.getManifest())
        .setClientProtocolVersion(manifestOf.getClientProtocolVersion())
        .setInputFormat(format)).build().toByteArray());
    Random random = new Random(5);
    int[] sizes = {441, 1_103, 7, 2_205};
    for (int c = 0; c < sizes.length; c++) {
      ByteBuffer pcm = ByteBuffer.allocate(sizes[c] * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < sizes[c]; i++) {
        pcm.putFloat(random.nextFloat() - 0.5f);
      }
      messages.add(StreamRequest.newBuilder().setChunk(StreamChunk.newBuilder().setSequence(c)
          .setAudio(format.toBuilder().setFrameCount(sizes[c])
              .setSamples(ByteString.copyFrom(pcm.array())))).build().toByteArray());
    }
    messages.add(StreamRequest.newBuilder().setClose(StreamClose.getDefaultInstance()).build()
        .toByteArray());
    return messages;
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] compressedFrame(byte[] compressed) {
    byte[] framed = RawHttp2.grpcFrame(compressed);
    framed[0] = 1;
    return framed;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private long activeAllocations() {
    return allocator.metric().directArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations).sum()
        + allocator.metric().heapArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations).sum();
  }
}
