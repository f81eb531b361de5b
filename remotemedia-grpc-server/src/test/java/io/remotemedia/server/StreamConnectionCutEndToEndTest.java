package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An open stream whose connection is closed under it without a word, as when its replica is
 * killed: the real server on loopback behind a TCP proxy that the test cuts.
 */
class StreamConnectionCutEndToEndTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);

  @RegisterExtension
  final LoopbackServer loopback = new LoopbackServer();

  @Test
  void push_connectionClosedAfterTheStreamOpened_isUnavailableWithoutTheTlsHint()
      throws Exception {
    try (CuttingProxy proxy = new CuttingProxy(loopback.server().port());
        RemoteMediaClient client = RemoteMediaClient.builder()
            .target("127.0.0.1:" + proxy.port()).build();
        PipelineStream stream = client.openStream(OpenStreamRequest.of(GAIN, MONO_16K))) {
      stream.push(0, chunk());

      proxy.cutAll();

      // The server answered on this connection, so it speaks plaintext: a hint to turn TLS
      // on would send the user the wrong way.
      assertThatThrownBy(() -> stream.push(1, chunk()))
          .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          })
          .hasMessageContaining("after the server had answered on it")
          .hasMessageNotContaining("TLS");
    }
  }

  private static AudioBuffer chunk() {
    return AudioBuffer.of(MONO_16K, new float[160]);
  }
}
