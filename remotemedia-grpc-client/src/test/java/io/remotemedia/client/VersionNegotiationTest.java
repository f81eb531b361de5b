package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.Compatibility;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
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

  private FakePipelineService start(Compatibility verdict) throws Exception {
    String name = InProcessServerBuilder.generateName();
    FakePipelineService fake = new FakePipelineService(verdict, false);
    server = InProcessServerBuilder.forName(name).directExecutor().addService(fake).build()
        .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return fake;
  }
}
