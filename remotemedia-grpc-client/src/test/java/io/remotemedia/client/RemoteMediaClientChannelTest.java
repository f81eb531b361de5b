package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.Compatibility;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the builder's channel does on the wire, against fake servers on loopback. */
class RemoteMediaClientChannelTest {
  private static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(GAIN, "gain",
      AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}));

  private final List<Server> servers = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> userAgents = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Server server : servers) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void execute_nothingListening_failsUnavailableNamingTheRefusedAddress() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // Closed again: nothing listens there.
    }

    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + port).deadline(java.time.Duration.ofSeconds(10)).build()) {
      assertThatThrownBy(() -> client.execute(REQUEST))
          .isInstanceOfSatisfying(RemoteMediaException.class, e ->
              assertThat(e.code()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE))
          // grpc-java's own description is only "io exception".
          .hasMessageContaining("Connection refused")
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void userAgent_carriesTheSdkVersionFromTheBuild() throws Exception {
    int port = start(new FakePipelineService(Compatibility.COMPATIBILITY_COMPATIBLE, false));

    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + port).build()) {
      client.serverInfo();
    }

    assertThat(RemoteMediaClient.userAgent()).matches("remotemedia-java/\\d+\\.\\d+\\.\\d+.*")
        .doesNotContain("${");
    assertThat(userAgents).singleElement().asString()
        .startsWith(RemoteMediaClient.userAgent() + " grpc-java-netty/");
  }

  @Test
  void everyCall_afterClose_isIllegalStateNotARetryableFailure() throws Exception {
    int port = start(new FakePipelineService(Compatibility.COMPATIBILITY_COMPATIBLE, false));
    RemoteMediaClient client = RemoteMediaClient.builder().target("127.0.0.1:" + port).build();
    client.serverInfo();
    client.close();

    assertThatThrownBy(client::serverInfo).isInstanceOf(IllegalStateException.class)
        .hasMessage("this RemoteMediaClient is closed; build a new one");
    PipelineManifest gain = new ManifestParser().parse(
        "{\"version\": \"v1\", \"nodes\": [{\"id\": \"g\", \"node_type\": \"Gain\"}]}");
    assertThatThrownBy(() -> client.openSession(
            OpenStreamRequest.of(gain, AudioFormat.f32(8000, 1))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void executor_runsTheChannelsCallbacks() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    Executor counting = task -> {
      ran.incrementAndGet();
      task.run();
    };

    FakePipelineService service = new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, false);
    int port = start(service);
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + port).executor(counting).build()) {
      client.execute(REQUEST);
    }

    assertThat(service.executeCalls).hasValue(1);
    assertThat(ran.get()).as("callbacks run on the given executor").isPositive();
  }

  @Test
  void execute_interrupted_cancelsTheCallOnTheServerAndKeepsTheFlag() throws Exception {
    FakePipelineService service = new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, true);
    int port = start(service);
    Thread caller = Thread.currentThread();
    Thread interrupter = new Thread(() -> {
      while (service.executeCalls.get() == 0) {
        Thread.onSpinWait();
      }
      caller.interrupt();
    });

    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + port).build()) {
      interrupter.start();
      assertThatThrownBy(() -> client.execute(REQUEST))
          .isInstanceOfSatisfying(RemoteMediaException.class, e ->
              assertThat(e.code()).isEqualTo(io.grpc.Status.Code.CANCELLED));
      assertThat(Thread.interrupted()).as("the interrupt flag stays set").isTrue();
      assertThat(service.executeCancelled.await(10, TimeUnit.SECONDS))
          .as("the server saw the cancellation").isTrue();
    } finally {
      interrupter.join(10_000);
    }
  }

  @Test
  void addresses_spreadsCallsRoundRobinOverEveryReplica() throws Exception {
    FakePipelineService first = new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, false);
    FakePipelineService second = new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, false);
    int firstPort = start(first);
    int secondPort = start(second);

    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .addresses("127.0.0.1:" + firstPort, "127.0.0.1:" + secondPort).build()) {
      // round_robin picks only among replicas that are READY: the first calls can all land on
      // the replica that connected first, so the spread is measured once both have answered.
      int warmUpCalls = 0;
      while (first.executeCalls.get() == 0 || second.executeCalls.get() == 0) {
        assertThat(warmUpCalls++).as("calls before both replicas answered").isLessThan(500);
        client.execute(REQUEST);
      }
      int firstBefore = first.executeCalls.get();
      int secondBefore = second.executeCalls.get();
      for (int i = 0; i < 10; i++) {
        client.execute(REQUEST);
      }

      assertThat(first.executeCalls.get() - firstBefore).isEqualTo(5);
      assertThat(second.executeCalls.get() - secondBefore).isEqualTo(5);
    }
  }

  @Test
  void addresses_malformed_namesTheAddress() {
    assertThatThrownBy(() -> RemoteMediaClient.builder().addresses("10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address \"10.0.0.1\" must be host:port");
    assertThatThrownBy(() -> RemoteMediaClient.builder().addresses("h:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address \"h:0\": port must be in [1, 65535], was 0");
    assertThatThrownBy(() -> RemoteMediaClient.builder().addresses("::1:50051"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address \"::1:50051\": put an IPv6 host in brackets, [::1]:50051");
    assertThatThrownBy(() -> RemoteMediaClient.builder().addresses(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("addresses must name at least one host:port");
  }

  @Test
  void executeAsync_cancelledFuture_cancelsTheCallOnTheServer() throws Exception {
    FakePipelineService hanging = new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, true);
    int port = start(hanging);

    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + port).build()) {
      CompletableFuture<ExecutionResult> future = client.executeAsync(REQUEST);
      while (hanging.executeCalls.get() == 0) {
        Thread.onSpinWait();
      }
      assertThat(future.cancel(true)).isTrue();

      assertThat(hanging.executeCancelled.await(10, TimeUnit.SECONDS))
          .as("the server saw the cancellation").isTrue();
      assertThat(future).isCancelled();
    }
  }

  @Test
  void execute_clientClosedWithTheCallInFlight_isCancelledByTheCloseNotUnavailable()
      throws Exception {
    FakePipelineService hanging = new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, true);
    RemoteMediaClient client = clientOf(hanging).build();
    CompletableFuture<ExecutionResult> call =
        CompletableFuture.supplyAsync(() -> client.execute(REQUEST));
    assertThat(hanging.executeStarted.await(10, TimeUnit.SECONDS))
        .as("the call reaches the server").isTrue();

    client.close(); // The call does not end within close's 5 s: the channel is shut down now.

    // UNAVAILABLE tells the caller to retry, which a closed client refuses.
    assertThatThrownBy(call::join).cause()
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.CANCELLED);
          assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
        })
        .hasMessageStartingWith("the call was cancelled because its channel was shut down"
            + " (RemoteMediaClient.close()");
    assertThat(hanging.executeCancelled.await(10, TimeUnit.SECONDS))
        .as("the server saw the cancellation").isTrue();
  }

  @Test
  void resumableSession_clientClosedWhileReading_endsAsCancelledWithoutTryingToResume()
      throws Exception {
    RemoteMediaClient client = clientOf(new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, false)).resumeStreams(true).build();
    RemoteStreamSession session =
        client.openSession(OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)));
    assertThat(session.isResumable()).as("the server gave a resume token").isTrue();
    CompletableFuture<Boolean> reader =
        CompletableFuture.supplyAsync(() -> session.results().hasNext());

    client.close();

    // The channel is gone for good: resuming on it until the server's window (30 s) passes
    // only kept the reader waiting, to fail as a broken connection.
    assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED))
        .hasMessage("the stream was cancelled by the client");
  }

  @Test
  void execute_durationsLongerThanGrpcExpresses_runAsWithoutDeadlineOrPings() throws Exception {
    FakePipelineService service = new FakePipelineService(
        Compatibility.COMPATIBILITY_COMPATIBLE, false);
    Duration forever = ChronoUnit.FOREVER.getDuration();

    try (RemoteMediaClient client = clientOf(service).deadline(forever)
        .keepAliveTime(forever).keepAliveTimeout(forever).build()) {
      client.execute(REQUEST);
    }

    assertThat(service.executeCalls).hasValue(1);
  }

  /** {@return a builder of a client of {@code service}, started on loopback} */
  private RemoteMediaClient.Builder clientOf(FakePipelineService service) throws Exception {
    return RemoteMediaClient.builder().target("127.0.0.1:" + start(service));
  }

  private int start(FakePipelineService service) throws Exception {
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
          Metadata headers, ServerCallHandler<Q, R> next) {
        userAgents.add(String.valueOf(headers.get(USER_AGENT)));
        return next.startCall(call, headers);
      }
    };
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service, capture))
        .build()
        .start();
    servers.add(server);
    return server.getPort();
  }
}
