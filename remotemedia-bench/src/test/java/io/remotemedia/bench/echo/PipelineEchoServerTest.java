package io.remotemedia.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline echo answers an echo request over real Netty on loopback with the 16 kHz
 * resample of the samples it carries, as the runner gives them in process, in the asked size.
 */
class PipelineEchoServerTest {
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = PipelineEchoServer.start(0);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .maxInboundMessageSize(Integer.MAX_VALUE).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void answer_isTheResampleOfTheRequestsSamples_inTheAskedSize() {
    float[] tone = new float[4410];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 44_100.0));
    }
    float[] expected = LocalPipelineRunner.create().execute(ExecutionRequest.of(
            new ManifestParser().parse("""
                {"version": "v1", "nodes": [{"id": "r", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 16000}}]}
                """), "r", AudioBuffer.of(AudioFormat.f32(44_100, 1), tone)))
        .audio("r").samples();
    int asked = (expected.length + 10) * Float.BYTES;
    ByteBuffer request = ByteBuffer.allocate(Integer.BYTES + tone.length * Float.BYTES);
    request.putInt(asked).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(tone);

    byte[] answer = ClientCalls.blockingUnaryCall(channel, EchoService.METHOD,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request.array());

    assertThat(answer).hasSize(asked);
    float[] samples = new float[answer.length / Float.BYTES];
    ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples);
    for (int i = 0; i < expected.length; i++) {
      assertThat(samples[i]).as("sample %d", i).isEqualTo(expected[i]);
    }
    for (int i = expected.length; i < samples.length; i++) {
      assertThat(samples[i]).as("padding sample %d", i).isZero();
    }
  }

  @Test
  void requestWithoutAnAnswerSize_getsAnEmptyAnswerAsFromTheEchoFloor() {
    byte[] answer = ClientCalls.blockingUnaryCall(channel, EchoService.METHOD,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), new byte[] {1, 2});

    assertThat(answer).isEmpty();
  }
}
