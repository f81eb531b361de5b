package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.server.Await;
import io.remotemedia.server.internal.transport.RawCalls.Outcome;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the real configured server, a unary request's bytes count towards {@code
 * server.max_request_bytes_in_transit} while they arrive, and its decoded audio in {@code
 * limits.total_memory_bytes} before it is decoded: a request that finds no room is refused,
 * the connection stays healthy, and the bytes come back.
 */
class RequestMemoryTest {
  private static final long IN_TRANSIT = 4_000_000;
  private static final long TOTAL_MEMORY = 2_000_000;
  private static final String EXECUTE =
      "/" + PipelineServiceGrpc.getExecutePipelineMethod().getFullMethodName();
  private static final PipelineManifest GAIN = new ManifestParser().parse(
      "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\"}]}");

  @RegisterExtension final MetricsLoopback server = MetricsLoopback.configuredBy("""
      server:
        request_arrival_timeout_ms: 5000
        max_inbound_message_bytes: %d
        max_request_bytes_in_transit: %d
      limits:
        total_memory_bytes: %d
      """.formatted(IN_TRANSIT, IN_TRANSIT, TOTAL_MEMORY));

  @Test
  void requestWhilePartOfAnotherHoldsTheBoundInTransit_isBusy_untilThatOneEnds()
      throws Exception {
    // 3 MB of a 4 MB request come, then nothing: they hold 3 MB of the 4 MB bound.
    byte[] stalled = RawHttp2.grpcFrame(request(f32(990_000)));
    CompletableFuture<RawHttp2.Result> stalledCall = CompletableFuture.supplyAsync(() -> {
      try {
        return RawHttp2.call(server.port(), EXECUTE, Map.of(),
            Arrays.copyOf(stalled, 3_000_000), /* endStream= */ false);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Await.until("the stalled request's bytes counted", Duration.ofSeconds(10),
        () -> server.scrape().value("request_bytes_in_transit") >= 2_900_000);
    assertThat(server.scrape().value("request_bytes_in_transit_max")).isEqualTo(IN_TRANSIT);

    Outcome busy = RawCalls.call(server.channel(), RawCalls.EXECUTE, request(f32(400_000)));

    assertThat(busy.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(busy.status().getDescription()).contains("server.max_request_bytes_in_transit")
        .contains("retry after");
    assertThat(busy.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_BUSY);
      assertThat(detail.getRetryAfterMs()).isPositive();
      assertThat(detail.getLimit().getLimit()).isEqualTo("server.max_request_bytes_in_transit");
      assertThat(detail.getLimit().getLimitValue()).isEqualTo(IN_TRANSIT);
      assertThat(detail.getLimit().getActualValue()).isGreaterThan(IN_TRANSIT);
    });
    assertThat(server.scrape().value("request_bytes_in_transit_refused_total")).isEqualTo(1);
    // The stalled request times out and gives its bytes back; other calls are served.
    assertThat(stalledCall.get(20, TimeUnit.SECONDS).grpcStatus())
        .isEqualTo(String.valueOf(Status.Code.DEADLINE_EXCEEDED.value()));
    Await.until("the bytes given back", Duration.ofSeconds(10),
        () -> server.scrape().value("request_bytes_in_transit") == 0);
    assertSmallCallsServed();
  }

  @Test
  void requestWhoseDecodedAudioIsLargerThanTheMemoryBound_isRefusedBeforeItIsDecoded()
      throws Exception {
    // 1.2 MB of 16-bit samples decode to 2.4 MB of floats, over the 2 MB bound.
    Outcome refused = RawCalls.call(server.channel(), RawCalls.EXECUTE,
        request(AudioBuffer.of(new AudioFormat(16000, 1, SampleFormat.I16),
            new float[600_000], 600_000)));

    assertThat(refused.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.status().getDescription()).isEqualTo("the request's audio decodes to"
        + " 2400000 bytes, more than the " + TOTAL_MEMORY + " bytes of buffer memory the server"
        + " allows all its calls together (total_memory_bytes)");
    assertThat(refused.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_RESOURCE_LIMIT);
      assertThat(detail.getLimit().getLimit()).isEqualTo("total_memory_bytes");
      assertThat(detail.getLimit().getActualValue()).isEqualTo(2_400_000);
    });
    Await.until("the memory given back", Duration.ofSeconds(10),
        () -> server.scrape().value("pipeline_memory_used_bytes") == 0);
    assertSmallCallsServed();
  }

  @Test
  void requestWhoseDecodedAudioAndBuffersTogetherPassTheMemoryBound_isRefusedForGood()
      throws Exception {
    // 300,000 float frames decode to 1.2 MB; the gain's collected output is as large again,
    // so the call alone needs more than the 2 MB bound, however idle the server is.
    Outcome refused = RawCalls.call(server.channel(), RawCalls.EXECUTE,
        request(f32(300_000)));

    assertThat(refused.status().getDescription()).contains("decodes to 1200000 bytes");
    assertRefusedForGood(refused, /* atLeastBytes= */ 2_400_001);
  }

  @Test
  void requestWhosePcmAndOpusInputsTogetherPassTheMemoryBound_isRefusedForGood()
      throws Exception {
    // 1.2 MB of floats from PCM, counted before decoding, and 1 MB from Opus (250,000 frames),
    // counted once decoded: 2.2 MB of input alone, over the 2 MB bound.
    PipelineManifest twoGains = new ManifestParser().parse("{\"version\": \"v1\", \"nodes\":"
        + " [{\"id\": \"pcm\", \"node_type\": \"Gain\"},"
        + " {\"id\": \"opus\", \"node_type\": \"Gain\"}]}");
    EncodedAudio opus = EncodedAudioCodec.encode(f32(250_000),
        OutputEncoding.of(AudioEncoding.OPUS_PACKETS), "test");
    byte[] request = ExecutionWire.toProto(
        new ExecutionRequest(twoGains, Map.of("pcm", f32(300_000)), ExecutionLimits.UNSET),
        Map.of("opus", opus), Map.of(), "v1.1").toByteArray();

    Outcome refused = RawCalls.call(server.channel(), RawCalls.EXECUTE, request);

    assertRefusedForGood(refused, /* atLeastBytes= */ 2_200_000);
  }

  @Test
  void requestOfAProtocolNotServed_isToldSo_evenWhenItsAudioIsLargerThanTheMemoryBound()
      throws Exception {
    byte[] request = ExecutionWire.toProto(ExecutionRequest.of(GAIN, "g",
        AudioBuffer.of(new AudioFormat(16000, 1, SampleFormat.I16), new float[600_000],
            600_000)), "v9").toByteArray();

    Outcome refused = RawCalls.call(server.channel(), RawCalls.EXECUTE, request);

    assertThat(refused.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refused.status().getDescription()).contains("\"v9\"");
  }

  /**
   * Asserts {@code refused} is RESOURCE_LIMIT naming total_memory_bytes (no retry: the call
   * alone needs at least {@code atLeastBytes}), that its memory came back, and that the server
   * still serves.
   */
  private void assertRefusedForGood(Outcome refused, long atLeastBytes) throws Exception {
    assertThat(refused.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.status().getDescription()).contains("total_memory_bytes")
        .doesNotContain("retry");
    assertThat(refused.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_RESOURCE_LIMIT);
      assertThat(detail.getRetryAfterMs()).isZero();
      assertThat(detail.getLimit().getLimit()).isEqualTo("total_memory_bytes");
      assertThat(detail.getLimit().getLimitValue()).isEqualTo(TOTAL_MEMORY);
      assertThat(detail.getLimit().getActualValue()).isGreaterThanOrEqualTo(atLeastBytes);
    });
    Await.until("the memory given back", Duration.ofSeconds(10),
        () -> server.scrape().value("pipeline_memory_used_bytes") == 0);
    assertSmallCallsServed();
  }

  private void assertSmallCallsServed() throws Exception {
    assertThat(RawCalls.call(server.channel(), RawCalls.EXECUTE, request(f32(16_000))).code())
        .isEqualTo(Status.Code.OK);
  }

  private static AudioBuffer f32(int frames) {
    return AudioBuffer.of(AudioFormat.f32(16000, 1), new float[frames]);
  }

  private static byte[] request(AudioBuffer audio) {
    return ExecutionWire.toProto(ExecutionRequest.of(GAIN, "g", audio), "v1").toByteArray();
  }

}
