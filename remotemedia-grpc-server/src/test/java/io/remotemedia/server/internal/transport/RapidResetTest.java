package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.ConfiguredServer;
import io.remotemedia.server.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2's "rapid reset" (CVE-2023-44487) against the real server on loopback, as its
 * configuration assembles it: a connection that opens calls and resets each at once is closed
 * once it passes {@code server.max_stream_resets_per_10s}, and other connections are served.
 */
class RapidResetTest {
  private static final String GET_VERSION = "/remotemedia.v1.PipelineService/GetVersion";
  private static final String STREAM_PIPELINE =
      "/remotemedia.v1.PipelineService/StreamPipeline";
  private static final int LIMIT = 40;

  @TempDir Path dir;
  private ConfiguredServer server;

  @BeforeEach
  void start() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        server:
          port: 0
          max_stream_resets_per_10s: %d
        metrics:
          enabled: false
        """.formatted(LIMIT), StandardCharsets.UTF_8);
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
  }

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void resetsPastTheLimit_closeTheConnectionWithEnhanceYourCalm() throws Exception {
    // HTTP/2's ENHANCE_YOUR_CALM is 0xb.
    assertThat(RawHttp2.resetCalls(server.port(), GET_VERSION, LIMIT + 50, 5_000))
        .hasValue(0xb);
    // Another connection is served.
    assertThat(RawHttp2.call(server.port(), GET_VERSION,
        List.of(RawHttp2.grpcFrame(new byte[0]))).grpcStatus()).isEqualTo("0");
  }

  @Test
  void sdkClientPastTheLimit_itsOtherStreamFailsUnavailableNamingTheSetting() throws Exception {
    OpenStreamRequest request = OpenStreamRequest.of(gain(), AudioFormat.f32(8000, 1));
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port()).build()) {
      RemoteStreamSession bystander = client.openSession(request);
      for (int i = 0; i <= LIMIT; i++) {
        client.openSession(request).cancel();
      }

      // The bystander reset nothing: its call ended because the connection did.
      assertThatThrownBy(() -> bystander.results().hasNext())
          .isInstanceOfSatisfying(RemoteMediaException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }
  }

  @Test
  void resetsOfCallsTheServerHasEnded_doNotCount() throws Exception {
    // An open that is not a protobuf message: the server ends the call INVALID_ARGUMENT while
    // its client is still sending, and the client resets the stream, LIMIT + 20 times.
    byte[] badOpen = RawHttp2.grpcFrame(new byte[] {(byte) 0xFF, 0x7F});
    assertThat(RawHttp2.resetEndedCalls(server.port(), STREAM_PIPELINE, badOpen, LIMIT + 20,
        1_000)).isEmpty();
  }

  @Test
  void aCallTheServerEndsWhileItsClientStillSends_isResetWithNoError_afterItsTrailers()
      throws Exception {
    // Without the reset the stream stayed half-closed, with what its client had sent ahead in
    // the transport's memory, until the connection closed (found by an attack, 2026-12-07).
    byte[] badOpen = RawHttp2.grpcFrame(new byte[] {(byte) 0xFF, 0x7F});
    assertThat(RawHttp2.resetAfterEnd(server.port(), STREAM_PIPELINE, badOpen, 2_000))
        .as("RST_STREAM NO_ERROR (0) after the trailers").hasValue(0);
  }

  @Test
  void sdkClientRefusedPastTheLimit_keepsItsOtherStream() throws Exception {
    // Two source nodes: the server refuses the open, after the SDK has sent it.
    PipelineManifest twoSources = new ManifestParser().parse("""
        {"version": "v1", "nodes": [
          {"id": "a", "node_type": "Gain"}, {"id": "b", "node_type": "Gain"}]}""");
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port()).build()) {
      RemoteStreamSession bystander = client.openSession(OpenStreamRequest.of(gain(),
          AudioFormat.f32(8000, 1)));
      OpenStreamRequest refused = OpenStreamRequest.of(twoSources, AudioFormat.f32(8000, 1));
      for (int i = 0; i <= LIMIT + 10; i++) {
        assertThatThrownBy(() -> client.openSession(refused))
            .isInstanceOfSatisfying(RemoteMediaException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION));
      }

      bystander.send(new float[160]);
      bystander.finish();
      assertThat(bystander.results().hasNext()).isTrue();
    }
  }

  @Test
  void resetsWithinTheLimit_leaveTheConnectionOpen() throws Exception {
    assertThat(RawHttp2.resetCalls(server.port(), GET_VERSION, LIMIT / 2, 1_000)).isEmpty();
  }

  private static PipelineManifest gain() {
    return new ManifestParser().parse(
        "{\"version\": \"v1\", \"nodes\": [{\"id\": \"gain\", \"node_type\": \"Gain\"}]}");
  }
}
