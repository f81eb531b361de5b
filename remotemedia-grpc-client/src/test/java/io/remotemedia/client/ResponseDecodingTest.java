package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ExecuteResponse;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the SDK reads an ExecutePipeline response that crosses a real Netty connection in many
 * HTTP/2 frames: its audio is decoded from the transport's buffers as the response is parsed,
 * samples split between two buffers included, and a malformed one is still refused as a bad
 * response.
 */
class ResponseDecodingTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(GAIN, "gain",
      AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}));

  private Server server;
  private RemoteMediaClient client;

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void execute_responseOfManyFrames_decodesEverySampleOfEveryOutput() throws Exception {
    start(manyFrames());

    assertDecodedExactly(client.execute(REQUEST));
  }

  @Test
  void executeAsync_responseOfManyFrames_decodesEverySampleOfEveryOutput() throws Exception {
    start(manyFrames());

    assertDecodedExactly(client.executeAsync(REQUEST).get(30, TimeUnit.SECONDS));
  }

  @Test
  void execute_responseWhoseFrameCountDisagreesWithItsBytes_isABadResponse() throws Exception {
    start(ExecuteResponse.newBuilder()
        .putAudioOutputs("out", audio(8_000, 1, 10,
            io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32, new byte[8]))
        .build());

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
        })
        .hasMessageStartingWith("bad response from the server: audio_outputs[\"out\"]:"
            + " frame_count 10")
        .hasMessageContaining("8 were sent");
  }

  @Test
  void execute_responseOverTheClientsLimit_namesTheLimitAndTheResponsesSize() throws Exception {
    ExecuteResponse answer = manyFrames();
    start(answer, 64 * 1024);

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.limit()).contains(new LimitViolation("maxInboundMessageBytes",
              64 * 1024, answer.getSerializedSize()));
        })
        .hasMessageStartingWith("the server's answer is a message of "
            + answer.getSerializedSize() + " bytes, over this client's limit of 65536 bytes")
        .hasMessageContaining("RemoteMediaClient.Builder.maxInboundMessageBytes");
  }

  @Test
  void execute_responseUnderTheClientsLowerLimit_isDecoded() throws Exception {
    ExecuteResponse answer = manyFrames();
    start(answer, answer.getSerializedSize());

    assertDecodedExactly(client.execute(REQUEST));
  }

  private static final int F32_FRAMES = 100_001;
  private static final int I16_FRAMES = 33_333;

  /**
   * 400 KB and 133 KB of samples: 16 KB frames, and field headers of odd lengths, so samples
   * straddle the buffers' edges.
   */
  private static ExecuteResponse manyFrames() {
    ByteBuffer f32 = ByteBuffer.allocate(F32_FRAMES * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < F32_FRAMES; i++) {
      f32.putFloat(i * 1e-5f - 0.5f);
    }
    ByteBuffer i16 = ByteBuffer.allocate(I16_FRAMES * 2 * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < I16_FRAMES * 2; i++) {
      i16.putShort((short) (i * 7 - 32768));
    }
    return ExecuteResponse.newBuilder()
        .putAudioOutputs("f32", audio(48_000, 1, F32_FRAMES,
            io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32, f32.array()))
        .putAudioOutputs("i16", audio(16_000, 2, I16_FRAMES,
            io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I16, i16.array()))
        .build();
  }

  private static void assertDecodedExactly(ExecutionResult result) {
    AudioBuffer f32 = result.audio("f32");
    assertThat(f32.format()).isEqualTo(new AudioFormat(48_000, 1, SampleFormat.F32));
    assertThat(f32.frameCount()).isEqualTo(F32_FRAMES);
    for (int i = 0; i < F32_FRAMES; i++) {
      if (f32.samples()[i] != i * 1e-5f - 0.5f) {
        throw new AssertionError("f32 sample " + i + " is " + f32.samples()[i]);
      }
    }
    AudioBuffer i16 = result.audio("i16");
    assertThat(i16.format()).isEqualTo(new AudioFormat(16_000, 2, SampleFormat.I16));
    assertThat(i16.frameCount()).isEqualTo(I16_FRAMES);
    for (int i = 0; i < I16_FRAMES * 2; i++) {
      if (i16.samples()[i] != (short) (i * 7 - 32768) / 32768f) {
        throw new AssertionError("i16 sample " + i + " is " + i16.samples()[i]);
      }
    }
  }

  private static io.remotemedia.proto.AudioBuffer audio(int rate, int channels, long frames,
      io.remotemedia.proto.SampleFormat format, byte[] samples) {
    return io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(rate)
        .setChannels(channels)
        .setFormat(format)
        .setFrameCount(frames)
        .setSamples(ByteString.copyFrom(samples))
        .build();
  }

  private void start(ExecuteResponse answer) throws Exception {
    start(answer, RemoteMediaClient.DEFAULT_MAX_INBOUND_MESSAGE_BYTES);
  }

  private void start(ExecuteResponse answer, int maxInboundMessageBytes) throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new FakePipelineService(answer))
        .build()
        .start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort())
        .maxInboundMessageBytes(maxInboundMessageBytes)
        .build();
  }
}
