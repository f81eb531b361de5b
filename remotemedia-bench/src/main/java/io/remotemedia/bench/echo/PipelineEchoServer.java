package io.remotemedia.bench.echo;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The echo floor's unary method ({@link EchoService#METHOD}, the same request and answer
 * sizes) served by the least a gRPC service that runs the pipeline must do: each call reads its
 * payload after the 4-byte answer size as 44.1 kHz mono F32 little-endian samples, runs the
 * scenarios' resample to 16 kHz on them in process, and answers with the output's samples
 * (F32 little-endian, cut or zero-padded to the asked size); a request under 4 bytes gets an
 * empty answer, as from {@link EchoService}. No interceptor, no logging,
 * grpc-java's defaults (its default executor and flow control). Side by side with the
 * RemoteMedia server it tells the server's own cost around the pipeline from what any server
 * pays for the same work on the same CPU (docs/performance.md).
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.echo.PipelineEchoServer [PORT]
 * </pre>
 */
public final class PipelineEchoServer {
  private static final AudioFormat INPUT = AudioFormat.f32(44_100, 1);
  private static final String RESAMPLE = "{\"version\": \"v1\", \"nodes\": [{\"id\": \"resample\","
      + " \"node_type\": \"AudioResample\", \"params\": {\"target_sample_rate\": 16000}}]}";

  private PipelineEchoServer() {}

  /**
   * Starts the server on {@code 127.0.0.1:port}; the caller shuts it down.
   *
   * @param port the port to bind on loopback; 0 picks a free one
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  public static Server start(int port) throws IOException {
    PipelineManifest manifest = new ManifestParser().parse(RESAMPLE);
    LocalPipelineRunner runner = LocalPipelineRunner.create();
    ServerServiceDefinition service = ServerServiceDefinition.builder("remotemedia.bench.Echo")
        .addMethod(EchoService.METHOD, ServerCalls.asyncUnaryCall(
            (byte[] request, StreamObserver<byte[]> answer) -> {
              answer.onNext(answer(runner, manifest, request));
              answer.onCompleted();
            }))
        .build();
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .maxInboundMessageSize(Integer.MAX_VALUE)
        .addService(service)
        .build()
        .start();
  }

  private static byte[] answer(LocalPipelineRunner runner, PipelineManifest manifest,
      byte[] request) {
    if (request.length < Integer.BYTES) {
      // No answer size: an empty answer, as the echo floor gives.
      return new byte[0];
    }
    ByteBuffer in = ByteBuffer.wrap(request);
    int answerBytes = Math.max(0, in.getInt());
    float[] samples = new float[in.remaining() / Float.BYTES];
    in.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples);
    AudioBuffer out = runner.execute(ExecutionRequest.of(manifest, "resample",
        AudioBuffer.of(INPUT, samples))).audio("resample");
    byte[] answer = new byte[answerBytes];
    int written = Math.min(out.sampleCount(), answerBytes / Float.BYTES);
    ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
        .put(out.samples(), 0, written);
    return answer;
  }

  /**
   * Runs the server on the port given as the only argument, or {@link EchoServer#DEFAULT_PORT}.
   *
   * @param args optionally the port
   * @throws IOException if the port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : EchoServer.DEFAULT_PORT;
    Server server = start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("echo server on 127.0.0.1:" + server.getPort());
    server.awaitTermination();
  }
}
