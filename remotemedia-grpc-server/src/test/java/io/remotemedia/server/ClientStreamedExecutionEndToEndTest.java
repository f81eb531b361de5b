package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.lifecycle.DrainListener;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Long audio through StreamPipeline, on the real Netty server on loopback. */
class ClientStreamedExecutionEndToEndTest {
  private static final PipelineManifest GAIN_RESAMPLE = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -3}},
                 {"id": "resample", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 16000}}],
       "connections": [{"from": "gain", "to": "resample"}]}
      """);
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final int SERVER_MAX_MESSAGE_BYTES = 1 << 20;

  private RemoteMediaServer server;
  private RemoteMediaClient client;
  private ManagedChannel rawChannel;
  /**
   * The server's transport threads, its own: a chunk a test holds on one (the server processes
   * small chunks there) must not hold the client's connection, which grpc-java's shared event
   * loops could put on the same thread.
   */
  private final EventLoopGroup serverLoops =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  /** Lets chunks held by a test's runner go on. */
  private final CountDownLatch released = new CountDownLatch(1);
  /** The runner under the test's hooks, whose stream slots a test reads. */
  private final LocalPipelineRunner local = LocalPipelineRunner.create();
  /** Whether the client asks for resumable sessions. */
  private boolean resumeStreams;

  @AfterEach
  void stop() throws InterruptedException {
    released.countDown();
    client.close();
    if (rawChannel != null) {
      rawChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.shutdown(Duration.ofSeconds(5));
    serverLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }

  @Test
  void executeStreamed_equalsTheUnaryCallsOutput() throws Exception {
    start(Integer.MAX_VALUE);
    ExecutionRequest request = ExecutionRequest.of(GAIN_RESAMPLE, "gain",
        AudioBuffer.of(MONO_48K, signal(3 * 48_000 + 123)));

    ExecutionResult unary = client.execute(request);
    ExecutionResult streamed = client.executeStreamed(request);

    assertSameAudio(streamed.audio("resample"), unary.audio("resample"));
    assertThat(streamed.audioOutputs().keySet()).isEqualTo(unary.audioOutputs().keySet());
    assertThat(streamed.metrics().nodes()).extracting(node -> node.framesIn())
        .containsExactly(3L * 48_000 + 123, 3L * 48_000 + 123);
  }

  @Test
  void execute_inputLargerThanTheServersMessageLimit_succeedsThroughStreaming() throws Exception {
    start(SERVER_MAX_MESSAGE_BYTES / 2);
    // 600,000 F32 samples: 2.4 MB, over the server's 1 MiB message limit.
    ExecutionRequest request = ExecutionRequest.of(GAIN_RESAMPLE, "gain",
        AudioBuffer.of(MONO_48K, signal(600_000)));

    // On its own channel: the refused 2.4 MB upload keeps a channel from closing gracefully.
    rawChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .build();
    assertThatThrownBy(() -> RemoteMediaClient.forChannel(rawChannel).executeAsync(request)
            .join())
        .as("one unary message is over the limit")
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    ExecutionResult streamed = client.execute(request);

    assertSameAudio(streamed.audio("resample"),
        LocalPipelineRunner.create().execute(request).audio("resample"));
  }

  @Test
  void execute_streamedInputOverTheRequestsMaxInputSamples_refusedAsALocalRunRefusesIt()
      throws Exception {
    start(SERVER_MAX_MESSAGE_BYTES / 2);
    // 600,000 samples go through StreamPipeline, whose limit bounds each chunk, not the sum.
    ExecutionRequest request = new ExecutionRequest(GAIN_RESAMPLE,
        Map.of("gain", AudioBuffer.of(MONO_48K, signal(600_000))),
        new ExecutionLimits(0, 0, 500_000));
    PipelineException local = catchThrowableOfType(PipelineException.class,
        () -> LocalPipelineRunner.create().execute(request));

    assertThatThrownBy(() -> client.execute(request))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
          assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.limit()).contains(new LimitViolation("max_input_samples", 500_000,
              600_000));
        })
        .hasMessage(local.getMessage());
  }

  @Test
  void execute_longAudioWhenTheOnlyServerDrains_saysItWasMadeAgainUntilNoServerAnswered()
      throws Exception {
    CountDownLatch draining = new CountDownLatch(1);
    // Chunk 2 waits for the drain to begin, then outlasts its grace period of 300 ms.
    CompletableFuture<ExecutionResult> call = executeHeldAtChunk2(() -> {
      Await.quietly(draining, 20_000);
      Await.quietly(new CountDownLatch(1), 1_000);
    }, Duration.ofSeconds(20), draining::countDown);

    CompletableFuture.runAsync(() ->
        server.drain(new DrainSettings(Duration.ZERO, Duration.ofMillis(300))));

    assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.kind()).isEqualTo(ErrorKind.DRAINING);
          assertThat(e.getMessage())
              // Ended by the grace period, or left by the SDK when an answer that came after
              // the drain notice showed that the rest would outlast it.
              .containsPattern("^the server is shutting down(?: and ended this call before it"
                  + " was done \\(its grace period of 300 ms ran out\\)|, and the SDK left this"
                  + " call \\d+ ms before its grace period would end it: the \\d+ chunks not yet"
                  + " answered would take about \\d+ ms at the call's pace): ")
              .contains("of 8 chunks had been sent")
              // The attempt made again may reach the draining server before its transport
              // stops taking streams (refused unrun, and made a third time) or not.
              .containsPattern("; the SDK made it again, [23] attempts in all, until no server"
                  + " answered \\(UNAVAILABLE: ")
              .endsWith("): retry the call once a replica runs, or give the client more"
                  + " replicas")
              .doesNotContain("reopen");
          assertThat(e.getCause()).as("the failure of the attempt made again")
              .isInstanceOfSatisfying(RemoteMediaException.class,
                  again -> assertThat(again.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        });
  }

  @Test
  void execute_longAudioPastTheClientsDeadline_failsDeadlineExceededSayingHowFarItGot()
      throws Exception {
    // The server holds chunk 2 well past the client's deadline of 2 s.
    CompletableFuture<ExecutionResult> call = executeHeldAtChunk2(
        () -> Await.quietly(released, 20_000), Duration.ofSeconds(2), () -> { });

    assertThatThrownBy(() -> call.get(15, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
          assertThat(e.getMessage())
              .startsWith("the call did not end within its deadline of 2000 ms"
                  + " (RemoteMediaClient.Builder.deadline): ")
              .containsPattern("[3-8] of 8 chunks had been sent, [0-2] answered")
              .endsWith("; the server was told to stop the work");
        });
  }

  @Test
  void execute_longAudioPastTheClientsDeadlineOnAResumableSession_endsTheServersSession()
      throws Exception {
    // The server keeps a resumable session whose call breaks, for its resume window (30 s by
    // default); a call ended by the client's deadline is no break, and must not be kept.
    resumeStreams = true;
    CompletableFuture<ExecutionResult> call = executeHeldAtChunk2(
        () -> Await.quietly(released, 20_000), Duration.ofSeconds(2), () -> { });

    assertThatThrownBy(() -> call.get(15, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.getMessage())
              .startsWith("the call did not end within its deadline of 2000 ms")
              .endsWith("; the server was told to stop the work");
        });
    released.countDown();
    Await.until("the server has ended the session and given its stream slot back", 10,
        () -> server.streams().openCount() == 0 && local.streams().active() == 0);
  }

  /**
   * Starts a server whose streams run {@code hold} at chunk 2, and a client with {@code
   * deadline}; tells {@code draining} when the server drains; calls {@code execute} with 8
   * chunks of input, and returns once the server has reached chunk 2.
   */
  private CompletableFuture<ExecutionResult> executeHeldAtChunk2(Runnable hold, Duration deadline,
      DrainListener draining) throws Exception {
    CountDownLatch atChunk = new CountDownLatch(1);
    start(RemoteMediaClient.STREAM_CHUNK_BYTES, new PushHookRunner(local,
        sequence -> {
          if (sequence == 2) {
            atChunk.countDown();
            hold.run();
          }
        }), deadline);
    server.addDrainListener(draining);
    // 480,000 F32 samples: 1.9 MB, 8 chunks of 256 KiB.
    ExecutionRequest request = ExecutionRequest.of(GAIN_RESAMPLE, "gain",
        AudioBuffer.of(MONO_48K, signal(480_000)));
    CompletableFuture<ExecutionResult> call =
        CompletableFuture.supplyAsync(() -> client.execute(request));
    assertThat(atChunk.await(20, TimeUnit.SECONDS)).as("the stream reached chunk 2").isTrue();
    return call;
  }

  private void start(int streamAboveBytes) throws Exception {
    start(streamAboveBytes, LocalPipelineRunner.create());
  }

  private void start(int streamAboveBytes, PipelineRunner runner) throws Exception {
    start(streamAboveBytes, runner, Duration.ofSeconds(20));
  }

  private void start(int streamAboveBytes, PipelineRunner runner, Duration deadline)
      throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .bossEventLoopGroup(serverLoops).workerEventLoopGroup(serverLoops)
            .channelType(NioServerSocketChannel.class),
        runner,
        new ServerSettings(SERVER_MAX_MESSAGE_BYTES));
    server.start();
    client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port())
        .deadline(deadline)
        .streamAbove(streamAboveBytes)
        .resumeStreams(resumeStreams)
        .build();
  }

  private static void assertSameAudio(AudioBuffer actual, AudioBuffer expected) {
    assertThat(actual.format()).isEqualTo(expected.format());
    assertThat(actual.frameCount()).isEqualTo(expected.frameCount());
    float largestDifference = 0;
    for (int i = 0; i < expected.sampleCount(); i++) {
      largestDifference = Math.max(largestDifference,
          Math.abs(actual.samples()[i] - expected.samples()[i]));
    }
    assertThat(largestDifference).isCloseTo(0f, within(1e-5f));
  }

  private static float[] signal(int frames) {
    Random random = new Random(7);
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) (0.7 * Math.sin(2 * Math.PI * 997 * i / 48000.0)
          + 0.1 * (random.nextDouble() - 0.5));
    }
    return samples;
  }
}
