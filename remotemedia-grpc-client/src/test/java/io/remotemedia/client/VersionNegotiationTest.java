package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lazy, once-only GetVersion negotiation, against an in-process fake server. */
class VersionNegotiationTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(GAIN, "gain",
      AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}));

  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void execute_incompatibleServer_isProtocolMismatchNamingBothVersions() throws Exception {
    FakePipelineService fake = start(Compatibility.COMPATIBILITY_INCOMPATIBLE);
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH);
        })
        .hasMessage("the server (RemoteMedia 9.0.0, protocol v2, serves [v2]) cannot serve"
            + " this client (" + RemoteMediaClient.userAgent() + ", protocol v1.1): protocol"
            + " \"v1.1\" is no longer served; use a client and server that share a protocol"
            + " version");
    assertThatThrownBy(() -> client.openStream(
            OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1))))
        .isInstanceOf(RemoteMediaException.class)
        .hasMessageStartingWith("the server (RemoteMedia 9.0.0, protocol v2");
    assertThat(fake.versionCalls).as("the verdict is remembered").hasValue(1);
    assertThat(fake.executeCalls).as("no pipeline call reaches the server").hasValue(0);
  }

  @Test
  void execute_compatibleServer_negotiatesOnceAcrossConcurrentCalls() throws Exception {
    FakePipelineService fake = start(Compatibility.COMPATIBILITY_COMPATIBLE);
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(client.executeAsync(REQUEST));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    client.execute(REQUEST);

    assertThat(fake.versionCalls).hasValue(1);
    assertThat(fake.executeCalls).hasValue(9);
  }

  @Test
  void serverInfo_incompatibleServer_reportsWhyWithoutThrowing() throws Exception {
    start(Compatibility.COMPATIBILITY_INCOMPATIBLE);

    ServerInfo info = RemoteMediaClient.forChannel(channel).serverInfo();

    assertThat(info.compatible()).isFalse();
    // The SDK speaks v1.1 (coded audio and resumable streams; docs/protocol.md "Version v1.1").
    assertThat(info.compatibilityReason()).isEqualTo("protocol \"v1.1\" is no longer served");
  }

  @Test
  void execute_serverDownAtFirst_negotiatesAgainOnTheNextCall() throws Exception {
    String name = InProcessServerBuilder.generateName();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    FakePipelineService fake = new FakePipelineService(Compatibility.COMPATIBILITY_COMPATIBLE,
        false);
    server = InProcessServerBuilder.forName(name).directExecutor().addService(fake).build()
        .start();
    channel.resetConnectBackoff();

    client.execute(REQUEST);

    assertThat(fake.versionCalls).hasValue(1);
    assertThat(fake.executeCalls).hasValue(1);
  }

  @Test
  void execute_v1OnlyServer_servesPcmCallsDeclaringV1() throws Exception {
    FakePipelineService fake = start(FakePipelineService.v1Only());
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    client.execute(REQUEST);
    client.executeAsync(REQUEST).get(10, TimeUnit.SECONDS);

    assertThat(fake.executeCalls).hasValue(2);
    assertThat(fake.lastExecuteVersion).isEqualTo("v1");
  }

  @Test
  void executeEncoded_v1OnlyServer_isProtocolMismatchNamingTheFeature() throws Exception {
    FakePipelineService fake = start(FakePipelineService.v1Only());
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    assertThatThrownBy(() -> client.executeEncoded(REQUEST, Map.of(),
            Map.of("gain", OutputEncoding.of(AudioEncoding.MU_LAW))))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH);
        })
        .hasMessage("the server (RemoteMedia 0.1.0, protocol v1, serves [v1]) is older than"
            + " this client (" + RemoteMediaClient.userAgent() + ", protocol v1.1): coded"
            + " audio (G.711, Opus) needs protocol v1.1; upgrade the server, or send PCM audio"
            + " (and streams that do not resume)");
    assertThat(fake.executeCalls).as("refused before the call").hasValue(0);
    client.execute(REQUEST);
    assertThat(fake.executeCalls).as("PCM calls still go through").hasValue(1);
  }

  @Test
  void openStream_resumingClientOnV1OnlyServer_isProtocolMismatchNamingResuming()
      throws Exception {
    // The builder makes its own channel, so this fake listens on loopback.
    channel = InProcessChannelBuilder.forName(InProcessServerBuilder.generateName()).build();
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(FakePipelineService.v1Only()).build().start();
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.getPort()).resumeStreams(true).build()) {

      assertThatThrownBy(() -> client.openStream(
              OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1))))
          .isInstanceOfSatisfying(RemoteMediaException.class, e ->
              assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH))
          .hasMessageContaining("resumable streams needs protocol v1.1");
    }
  }

  @Test
  void openSession_v1OnlyServer_declaresV1_andRefusesCodedChunks() throws Exception {
    FakePipelineService fake = start(FakePipelineService.v1Only());
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(GAIN, new AudioFormat(8000, 1, SampleFormat.I16)));

    assertThat(fake.lastStreamVersion).isEqualTo("v1");
    assertThatThrownBy(() -> session.send(
        EncodedAudio.g711(AudioEncoding.MU_LAW, new byte[] {0x7f}, 8000, 1)))
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH))
        .hasMessage("this stream's server serves protocol v1 only, and coded audio (G.711,"
            + " Opus) needs protocol v1.1; upgrade the server, or send PCM chunks");
    session.close();
    assertThat(fake.chunksReceived).as("the coded chunk was never sent").hasValue(0);
  }

  @Test
  void openSession_currentServer_declaresV11_soCodedChunksMayFollow() throws Exception {
    FakePipelineService fake = start(Compatibility.COMPATIBILITY_COMPATIBLE);
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    try (RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(GAIN, new AudioFormat(8000, 1, SampleFormat.I16)))) {
      assertThat(fake.lastStreamVersion).isEqualTo("v1.1");
    }
  }

  @Test
  void explain_codedEdgesOnV1OnlyServer_isProtocolMismatch() throws Exception {
    start(FakePipelineService.v1Only());
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    assertThatThrownBy(() -> client.explain(new ExplainRequest(GAIN,
            Map.of("gain", new AudioFormat(8000, 1, SampleFormat.I16)), Map.of(),
            ExecutionLimits.UNSET, Map.of(),
            Map.of("gain", OutputEncoding.of(AudioEncoding.MU_LAW)))))
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH))
        .hasMessageContaining("coded audio (G.711, Opus) needs protocol v1.1");
  }

  @Test
  void executeEncoded_currentServer_declaresV11() throws Exception {
    FakePipelineService fake = start(Compatibility.COMPATIBILITY_COMPATIBLE);
    RemoteMediaClient client = RemoteMediaClient.forChannel(channel);

    client.executeEncoded(REQUEST, Map.of(),
        Map.of("gain", OutputEncoding.of(AudioEncoding.MU_LAW)));

    assertThat(fake.lastExecuteVersion).isEqualTo("v1.1");
  }

  private FakePipelineService start(Compatibility verdict) throws Exception {
    return start(new FakePipelineService(verdict, false));
  }

  private FakePipelineService start(FakePipelineService fake) throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(fake).build()
        .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return fake;
  }

  /**
   * A caller that found the answer pending when the client was closed under the caller that
   * asked is refused as any call on a closed client is, with IllegalStateException, also when
   * its call was to start after the negotiation (executeAsync, explain); not with UNKNOWN.
   */
  @Test
  void after_aNegotiationRefusedAsClosed_failsAsACallOnAClosedClient() {
    AtomicReference<VersionNegotiation> negotiation = new AtomicReference<>();
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    negotiation.set(new VersionNegotiation(() -> {
      waiting.add(negotiation.get().negotiated(ProtocolFeature.PCM)); // Finds it pending.
      throw new IllegalStateException("this RemoteMediaClient is closed; build a new one");
    }));
    assertThatThrownBy(() -> negotiation.get().negotiated(ProtocolFeature.PCM))
        .isInstanceOf(IllegalStateException.class);

    CompletableFuture<VersionResponse> call = UnaryCall.after(waiting.get(0), channel,
        "127.0.0.1:1", PipelineServiceGrpc.getGetVersionMethod(), CallOptions.DEFAULT,
        VersionRequest.getDefaultInstance(), response -> response);

    assertThatThrownBy(() -> UnaryCall.await(call)).isInstanceOf(IllegalStateException.class)
        .hasMessage("this RemoteMediaClient is closed; build a new one");
  }

  /**
   * A client closed while its first call starts GetVersion: that call is refused, and the
   * answer it had left pending is not waited for by the next caller, which asks again. It was
   * left pending for ever, so every later caller waited for it without end.
   */
  @Test
  void negotiated_whenAskingIsRefusedAsClosed_theNextCallerAsksAgainRatherThanWaitForEver() {
    AtomicInteger asks = new AtomicInteger();
    VersionNegotiation negotiation = new VersionNegotiation(() -> {
      if (asks.incrementAndGet() == 1) {
        throw new IllegalStateException("this RemoteMediaClient is closed; build a new one");
      }
      return CompletableFuture.completedFuture(VersionResponse.newBuilder()
          .setCompatibility(Compatibility.COMPATIBILITY_COMPATIBLE).build());
    });

    assertThatThrownBy(() -> negotiation.negotiated(ProtocolFeature.PCM))
        .isInstanceOf(IllegalStateException.class);
    CompletableFuture<Void> next = negotiation.negotiated(ProtocolFeature.PCM);

    assertThat(next).succeedsWithin(Duration.ofSeconds(5));
    assertThat(asks).hasValue(2);
  }
}
