package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.util.ResourceLeakDetector;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's zero-copy response path (responses decoded from views of Netty's buffers while they
 * are parsed) over real Netty connections on loopback: it decodes what protobuf's own parser
 * does, however the message is cut into frames (an empty DATA frame among them); its failures
 * leave no buffer unreleased and carry no view of one.
 */
class ZeroCopyResponseTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(GAIN, "gain",
      AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}));

  private Server server;
  private RawResponseServers.Http2 raw;
  private RemoteMediaClient client;

  @AfterEach
  void stop() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (raw != null) {
      raw.close();
    }
  }

  /**
   * Every kind of field at eight alignments over grpc-java's server (16 KiB DATA frames)
   * decodes as protobuf's parser and ExecutionWire.fromProto do, by execute and executeAsync.
   */
  @Test
  void everyFieldAtEveryAlignment_decodesAsTheStandardParserDoes() throws Exception {
    byte[][] answer = {null};
    server = RawResponseServers.grpc(() -> answer[0], false);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort()).build();
    assertDecodesAsStandard(answer, 20_000);
  }

  /**
   * The same over DATA frames of odd sizes, with frames of 1 to 3 bytes between large ones, so
   * that samples, tags, varints and strings span three of Netty's direct buffers.
   */
  @Test
  void everyFieldOverOddDataFrames_decodesAsTheStandardParserDoes() throws Exception {
    byte[][] answer = {null};
    raw = RawResponseServers.http2(() -> answer[0],
        () -> new int[] {1500, 2, 1100, 1, 1025, 3, 2047, 1031});
    client = RemoteMediaClient.builder().target("127.0.0.1:" + raw.port).build();
    assertDecodesAsStandard(answer, 2_000);
  }

  /** The same over gzip'd responses (a decompressing stream, read once and then parsed). */
  @Test
  void gzipResponses_decodeAsTheStandardParserDoes() throws Exception {
    byte[][] answer = {null};
    server = RawResponseServers.grpc(() -> answer[0], true);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort()).build();
    assertDecodesAsStandard(answer, 20_000);
  }

  /** An empty message (no field set: 0 bytes) is an empty result. */
  @Test
  void emptyResponse_isAnEmptyResult() throws Exception {
    server = RawResponseServers.grpc(() -> new byte[0], false);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort()).build();
    assertThat(client.execute(REQUEST).audioOutputs()).isEmpty();
    assertThat(client.executeAsync(REQUEST).get(30, TimeUnit.SECONDS).audioOutputs()).isEmpty();
  }

  /**
   * Malformed responses (truncated, frame_count disagreeing, unknown sample format, invalid
   * UTF-8, nesting past the limit, an empty DATA frame in the message) and good ones, through
   * execute and executeAsync, with Netty's leak detector at PARANOID: no LEAK is reported.
   * (The detector's report was checked to arrive here by leaking a buffer on purpose.)
   */
  @Test
  void malformedResponses_leaveNoNettyBufferUnreleased() throws Exception {
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    List<String> leaks = Collections.synchronizedList(new ArrayList<>());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (String.valueOf(record.getMessage()).contains("LEAK")) {
          leaks.add(record.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger detector = Logger.getLogger(ResourceLeakDetector.class.getName());
    detector.addHandler(capture);
    try {
      byte[][] bodies = malformedAndGoodBodies();
      int[] next = {0};
      int[][] pattern = {{16_000}};
      raw = RawResponseServers.http2(() -> bodies[next[0]], () -> pattern[0]);
      client = RemoteMediaClient.builder().target("127.0.0.1:" + raw.port).build();
      for (int round = 0; round < 30; round++) {
        for (int b = 0; b < bodies.length; b++) {
          next[0] = b;
          for (int[] frames : new int[][] {{16_000}, {3_001, 0, 16_000}}) {
            pattern[0] = frames;
            try {
              client.execute(REQUEST);
            } catch (RemoteMediaException malformed) {
              // most of them
            }
            try {
              client.executeAsync(REQUEST).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException malformed) {
              // most of them
            }
          }
        }
        System.gc();
      }
      assertThat(leaks).isEmpty();
    } finally {
      detector.removeHandler(capture);
      ResourceLeakDetector.setLevel(level);
    }
  }

  /**
   * A response whose first audio output parses and whose tail is truncated. protobuf's parser
   * throws with the partly parsed message attached (getUnfinishedMessage()), whose samples are
   * views of Netty's buffers; the failure reaches the application in the cause chain of its
   * RemoteMediaException, after grpc-java has taken those buffers back, where reading the
   * samples read memory that later responses had overwritten. No exception may carry it.
   */
  @Test
  void execute_truncatedResponse_failureCarriesNoPartOfTheMessage() throws Exception {
    byte[] samples = new byte[48 * 1024];
    Arrays.fill(samples, (byte) 0x11);
    server = RawResponseServers.grpc(() -> RawResponseServers.truncatedResponse(samples), false);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort()).build();

    RemoteMediaException failure = catchThrowableOfType(RemoteMediaException.class,
        () -> client.execute(REQUEST));

    List<InvalidProtocolBufferException> parseFailures = new ArrayList<>();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidProtocolBufferException parseFailure) {
        parseFailures.add(parseFailure);
      }
    }
    assertThat(parseFailures).as("the parse failure, named in the cause chain")
        .singleElement().satisfies(parseFailure ->
            assertThat(parseFailure.getUnfinishedMessage()).as("the partly parsed message")
                .isNull());
  }

  /**
   * A valid response whose gRPC message comes in three HTTP/2 DATA frames, the middle one
   * empty (legal: RFC 9113 section 6.1 allows a DATA frame of no data; proxies send them).
   * grpc-java keeps the empty frame as one of the message's buffers, and AliasingParser.viewOf
   * refuses a buffer of length 0 ("could not be stepped through"), so the SDK fails a response
   * that grpc-java's own protobuf marshaller reads (checked first, on the same server).
   */
  @Test
  void execute_responseWithAnEmptyDataFrameInsideTheMessage_isDecoded() throws Exception {
    float[] samples = new float[1000];
    ByteBuffer pcm = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = i / 1000f;
      pcm.putFloat(samples[i]);
    }
    ExecuteResponse response = ExecuteResponse.newBuilder()
        .putAudioOutputs("out", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSampleRateHz(8000)
            .setChannels(1)
            .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32)
            .setFrameCount(samples.length)
            .setSamples(ByteString.copyFrom(pcm.array()))
            .build())
        .build();
    // 1001 bytes, an empty DATA frame, the other 3023.
    raw = RawResponseServers.http2(response::toByteArray,
        () -> new int[] {1001, 0, Integer.MAX_VALUE});

    ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", raw.port)
        .usePlaintext().build();
    try {
      assertThat(PipelineServiceGrpc.newBlockingStub(plain)
          .executePipeline(ExecuteRequest.getDefaultInstance()))
          .as("grpc-java's own marshaller").isEqualTo(response);
    } finally {
      plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    client = RemoteMediaClient.builder().target("127.0.0.1:" + raw.port).build();
    ExecutionResult result = client.execute(REQUEST);

    assertThat(result.audio("out").samples()).containsExactly(samples);
  }

  private static byte[][] malformedAndGoodBodies() {
    byte[] good = RawResponseServers.richResponse(new Random(7), 1, 2_000).toByteArray();
    byte[] mismatch = ExecuteResponse.newBuilder()
        .putAudioOutputs("out", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSampleRateHz(8000).setChannels(1)
            .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32)
            .setFrameCount(10).setSamples(ByteString.copyFrom(new byte[20_000])).build())
        .build().toByteArray();
    byte[] unknownFormat = ExecuteResponse.newBuilder()
        .putAudioOutputs("out", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSampleRateHz(8000).setChannels(1).setFormatValue(99)
            .setFrameCount(5_000).setSamples(ByteString.copyFrom(new byte[20_000])).build())
        .build().toByteArray();
    byte[] audio = ExecuteResponse.newBuilder()
        .putAudioOutputs("out", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSampleRateHz(8000).setChannels(1)
            .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32)
            .setFrameCount(5_000).setSamples(ByteString.copyFrom(new byte[20_000])).build())
        .build().toByteArray();
    ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
    badUtf8.writeBytes(audio);
    // An audio_outputs entry whose key is the invalid UTF-8 0xFF 0xFE.
    badUtf8.writeBytes(new byte[] {0x0A, 4, 0x0A, 2, (byte) 0xFF, (byte) 0xFE});
    com.google.protobuf.Value.Builder deep = com.google.protobuf.Value.newBuilder()
        .setNumberValue(1);
    for (int i = 0; i < 150; i++) {
      deep = com.google.protobuf.Value.newBuilder().setListValue(
          com.google.protobuf.ListValue.newBuilder().addValues(deep));
    }
    byte[] tooDeep = ExecuteResponse.newBuilder()
        .putDataOutputs("deep",
            com.google.protobuf.Struct.newBuilder().putFields("v", deep.build()).build())
        .putAudioOutputs("out", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSampleRateHz(8000).setChannels(1)
            .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32)
            .setFrameCount(5_000).setSamples(ByteString.copyFrom(new byte[20_000])).build())
        .build().toByteArray();
    return new byte[][] {good, RawResponseServers.truncatedResponse(new byte[40_000]),
        mismatch, unknownFormat, badUtf8.toByteArray(), tooDeep, good};
  }

  private void assertDecodesAsStandard(byte[][] answer, int maxFrames) throws Exception {
    Random random = new Random(42);
    for (int pad = 0; pad < 8; pad++) {
      answer[0] = RawResponseServers.richResponse(random, pad, maxFrames).toByteArray();
      ExecutionResult expected =
          ExecutionWire.fromProto(ExecuteResponse.parseFrom(answer[0]), GAIN);
      for (ExecutionResult actual : new ExecutionResult[] {
          client.execute(REQUEST), client.executeAsync(REQUEST).get(30, TimeUnit.SECONDS)}) {
        assertThat(actual.audioOutputs().keySet())
            .isEqualTo(expected.audioOutputs().keySet());
        expected.audioOutputs().forEach((id, audio) -> {
          AudioBuffer got = actual.audio(id);
          assertThat(got.format()).as(id).isEqualTo(audio.format());
          assertThat(got.frameCount()).as(id).isEqualTo(audio.frameCount());
          assertThat(Arrays.copyOf(got.samples(), got.sampleCount())).as(id)
              .isEqualTo(Arrays.copyOf(audio.samples(), audio.sampleCount()));
        });
        assertThat(actual.dataOutputs()).isEqualTo(expected.dataOutputs());
        assertThat(actual.metrics()).isEqualTo(expected.metrics());
      }
    }
  }
}
