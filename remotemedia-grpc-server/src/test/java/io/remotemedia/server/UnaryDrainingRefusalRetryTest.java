package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.internal.transport.StatusMapper;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A unary call that a draining replica refuses unrun (UNAVAILABLE, DRAINING: none of its
 * request had come) is made again on another replica by the SDK, also when the refusal's
 * headers came apart from its trailers, as nginx sends them: grpc-java's retry policy then
 * counts the call as answered and does not make it again. Two real servers on loopback, one of
 * which answers every ExecutePipeline so.
 */
class UnaryDrainingRefusalRetryTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}]}
      """);

  private final List<RemoteMediaServer> servers = new ArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private RemoteMediaClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    for (RemoteMediaServer server : servers) {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void execute_refusedUnrunByADrainingReplicaWithHeadersApart_isMadeAgainOnTheOther()
      throws Exception {
    RemoteMediaServer refusing = start(new RefuseAsDraining());
    RemoteMediaServer serving = start(null);
    client = RemoteMediaClient.builder()
        .addresses(List.of("127.0.0.1:" + refusing.port(), "127.0.0.1:" + serving.port()))
        .deadline(Duration.ofSeconds(20))
        .build();
    AudioBuffer input = AudioBuffer.of(AudioFormat.f32(16000, 1), ramp(16000));
    float[] expected = LocalPipelineRunner.create()
        .execute(ExecutionRequest.of(GAIN, "gain", input)).audioOutputs().get("gain").samples();

    for (int call = 0; call < 6; call++) {
      ExecutionResult result = client.execute(ExecutionRequest.of(GAIN, "gain", input));
      assertThat(result.audioOutputs().get("gain").samples()).as("call %d", call)
          .isEqualTo(expected);
    }

    assertThat(refused.get()).as("calls the draining replica refused").isPositive();
  }

  /** Answers every ExecutePipeline as a draining server that had none of its request. */
  private final class RefuseAsDraining implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      if (!call.getMethodDescriptor().getBareMethodName().equals("ExecutePipeline")) {
        return next.startCall(call, headers);
      }
      refused.incrementAndGet();
      StatusRuntimeException drained = StatusMapper.toStatusException(PipelineException.of(
          ErrorKind.DRAINING, "the server is shutting down, and none of this call's request"
              + " had come for 1000 ms; send it again, to another replica if there is one"));
      call.sendHeaders(new Metadata());
      call.close(drained.getStatus(), drained.getTrailers());
      return new ServerCall.Listener<>() { };
    }
  }

  private RemoteMediaServer start(ServerInterceptor interceptor) throws Exception {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    if (interceptor != null) {
      builder.intercept(interceptor);
    }
    RemoteMediaServer server = new RemoteMediaServer(builder, LocalPipelineRunner.create(),
        new ServerSettings(1 << 20));
    server.start();
    servers.add(server);
    return server;
  }

  private static float[] ramp(int frames) {
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (i % 200) / 200f - 0.5f;
    }
    return samples;
  }
}
