package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.OwnRunnerServer;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests parsed straight from Netty's buffers give every buffer back, whatever ends the call:
 * the real server on loopback reads into a pooled allocator of the test's own, without thread
 * caches, so that its count of active allocations is exact, and after many calls that succeed,
 * fail, are refused or are cancelled at random moments it returns to where it started.
 */
class NetworkBuffersReleaseTest {
  private static final Metadata.Key<String> REFUSE =
      Metadata.Key.of("x-test-refuse", Metadata.ASCII_STRING_MARSHALLER);

  private final PooledByteBufAllocator allocator = new PooledByteBufAllocator(
      /* preferDirect= */ true, /* nHeapArena= */ 1, /* nDirectArena= */ 1,
      PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
      /* smallCacheSize= */ 0, /* normalCacheSize= */ 0, /* useCacheForAllThreads= */ false);
  private RemoteMediaServer server;
  private ManagedChannel channel;

  /**
   * Starts the server; with {@code inline}, the server jar's own runner, which decodes and runs
   * small requests on the transport thread, else a plain runner, which does both on a worker.
   */
  private void start(boolean inline) throws Exception {
    // Stands in for authentication: refuses marked calls without letting them reach the service.
    ServerInterceptor refuser = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        if (headers.containsKey(REFUSE)) {
          call.close(Status.UNAUTHENTICATED.withDescription("refused by the test"),
              new Metadata());
          return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
      }
    };
    NettyServerBuilder transport = NettyServerBuilder
        .forAddress(new InetSocketAddress("127.0.0.1", 0))
        .withChildOption(ChannelOption.ALLOCATOR, allocator);
    Observability observability = Observability.defaults().withAuthentication(refuser);
    server = inline
        ? OwnRunnerServer.around(transport, LocalPipelineRunner.create(),
            new ServerSettings(8 << 20, 48_000), observability)
        : new RemoteMediaServer(transport, LocalPipelineRunner.create(),
            new ServerSettings(8 << 20, 0), observability);
    server.start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    if (server == null) {
      return;
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
  }

  @ParameterizedTest(name = "inline {0}")
  @ValueSource(booleans = {false, true})
  void manyCalls_endingEveryWay_giveEveryNetworkBufferBack(boolean inline) throws Exception {
    start(inline);
    byte[] good = request(44_100).toByteArray();
    byte[] large = request(441_000).toByteArray();
    // frame_count disagrees with the bytes: refused while the audio is decoded.
    byte[] badAudio = request(44_100).toBuilder().putAudioInputs("resample",
        request(44_100).getAudioInputsOrThrow("resample").toBuilder().setFrameCount(7).build())
        .build().toByteArray();
    byte[] unparseable = {0x12, 100, 1, 2, 3};
    for (int i = 0; i < 3; i++) {
      assertThat(call(good, Metadata::new).code()).isEqualTo(Status.Code.OK);
    }
    long baseline = activeAllocations();
    long allocationsBefore = allocations();

    List<Status.Code> codes = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      codes.add(call(good, Metadata::new).code());
      codes.add(call(badAudio, Metadata::new).code());
      codes.add(call(unparseable, Metadata::new).code());
      codes.add(call(good, NetworkBuffersReleaseTest::refused).code());
      codes.add(RawCalls.call(channel, RawCalls.EXECUTE,
          List.of(RawCalls.Body.of(good), RawCalls.Body.of(good))).code());
      cancelAfterSending(large, round % 4);
      expireAfterSending(large);
    }

    assertThat(codes).contains(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
        Status.Code.UNAUTHENTICATED);
    // The server's reads went through the test's allocator: the count below means something.
    assertThat(allocations() - allocationsBefore).isGreaterThan(100);
    Await.until("the server's pooled network buffers are all released (baseline " + baseline
        + ")", 10, () -> activeAllocations() <= baseline);
  }

  private RawCalls.Outcome call(byte[] body, Supplier<Metadata> headers)
      throws InterruptedException {
    Metadata metadata = headers.get();
    if (metadata.containsKey(REFUSE)) {
      return RawCalls.call(ClientInterceptors.intercept(channel,
          MetadataUtils.newAttachHeadersInterceptor(metadata)), RawCalls.EXECUTE,
          List.of(RawCalls.Body.of(body)));
    }
    return RawCalls.call(channel, RawCalls.EXECUTE, List.of(RawCalls.Body.of(body)));
  }

  private static Metadata refused() {
    Metadata headers = new Metadata();
    headers.put(REFUSE, "yes");
    return headers;
  }

  /** Sends a request and cancels the call after {@code yields} yields: at a varying moment. */
  private void cancelAfterSending(byte[] body, int yields) throws InterruptedException {
    ClientCall<RawCalls.Body, byte[]> call = channel.newCall(RawCalls.EXECUTE,
        CallOptions.DEFAULT);
    Ended ended = new Ended();
    call.start(ended, new Metadata());
    call.request(1);
    call.sendMessage(RawCalls.Body.of(body));
    call.halfClose();
    for (int i = 0; i < yields; i++) {
      Thread.sleep(1);
    }
    call.cancel("cancelled by the test", null);
    ended.await();
  }

  /** Sends a request whose deadline expires about when it arrives. */
  private void expireAfterSending(byte[] body) throws InterruptedException {
    ClientCall<RawCalls.Body, byte[]> call = channel.newCall(RawCalls.EXECUTE,
        CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.MILLISECONDS));
    Ended ended = new Ended();
    call.start(ended, new Metadata());
    call.request(1);
    call.sendMessage(RawCalls.Body.of(body));
    call.halfClose();
    ended.await();
  }

  private long activeAllocations() {
    return allocator.metric().directArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations).sum()
        + allocator.metric().heapArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations).sum();
  }

  private long allocations() {
    return allocator.metric().directArenas().stream()
        .mapToLong(PoolArenaMetric::numAllocations).sum()
        + allocator.metric().heapArenas().stream()
        .mapToLong(PoolArenaMetric::numAllocations).sum();
  }

  private static ExecuteRequest request(int frames) {
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) Math.sin(i * 0.01);
    }
    return ExecutionWire.toProto(ExecutionRequest.of(
        ManifestBuilder.named("release").node(NodeSpecs.resample("resample", 16_000)).build(),
        "resample", AudioBuffer.of(AudioFormat.f32(44_100, 1), samples)),
        ProtocolVersions.CURRENT);
  }

  /** Waits for a call's end. */
  private static final class Ended extends ClientCall.Listener<byte[]> {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void onClose(Status status, Metadata trailers) {
      closed.countDown();
    }

    void await() throws InterruptedException {
      assertThat(closed.await(20, TimeUnit.SECONDS)).as("the call ended").isTrue();
    }
  }
}
