package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a request's declared protocol version changes on a server of this release: nothing but
 * whether the version is served (docs/protocol.md, "Versions"). A request that declares v1 (or
 * no version) and sets a v1.1 field gets it, as one that declares v1.1 does: a coded output, a
 * resumable session. On the real Netty server on a loopback port, with hand-built messages,
 * since the SDK always declares what it uses.
 */
class DeclaredVersionEndToEndTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}}]}
      """);
  private static final AudioFormat MONO_8K = AudioFormat.f32(8000, 1);

  @RegisterExtension final LoopbackServer loopback = new LoopbackServer();

  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", loopback.server().port())
        .usePlaintext()
        .build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void execute_declaringNoVersion_withOutputEncodings_getsTheCodedOutput() {
    AudioBuffer input = AudioBuffer.of(MONO_8K, new float[] {0.5f, -0.25f, 0f});
    EncodedAudio muLaw = EncodedAudioCodec.encode(input,
        OutputEncoding.of(AudioEncoding.MU_LAW), "expected");

    ExecuteResponse response = PipelineServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .executePipeline(ExecutionWire.toProto(ExecutionRequest.of(GAIN, "gain", input),
            Map.of(), Map.of("gain", OutputEncoding.of(AudioEncoding.MU_LAW)), ""));

    io.remotemedia.proto.AudioBuffer output = response.getAudioOutputsOrThrow("gain");
    assertThat(output.getEncoding())
        .isEqualTo(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_MU_LAW);
    assertThat(output.getSamples().toByteArray()).isEqualTo(muLaw.bytes());
  }

  @Test
  void open_declaringV1_withResumable_getsAResumeTokenThatResumesTheSession() throws Exception {
    RawStreamCall first = RawStreamCall.start(channel);
    first.requests.onNext(
        StreamWire.open(OpenStreamRequest.of(GAIN, MONO_8K), "v1", /* resumable= */ true));
    first.awaitResponses(1);
    StreamResponse ready = first.recorder.responses.get(0);
    assertThat(ready.getReady().getResumeToken()).isNotEmpty();
    assertThat(ready.getReady().getResumeWindowMs()).isPositive();
    first.requests.onNext(StreamWire.chunk(0, AudioBuffer.of(MONO_8K, new float[] {0.5f})));
    first.awaitResponses(2);
    first.breakConnection();

    RawStreamCall second = RawStreamCall.start(channel);
    second.requests.onNext(StreamWire.resume(first.token(), /* resultsReceived= */ 1, "v1"));
    second.awaitResponses(1);

    assertThat(second.recorder.responses.get(0).getResumed().getNextChunkSequence())
        .isEqualTo(1);
  }
}
