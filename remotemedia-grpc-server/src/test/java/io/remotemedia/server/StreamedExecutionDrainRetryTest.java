package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.StreamConnectionListener;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.lifecycle.DrainSettings;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long {@code execute} (sent as a stream) that a draining replica ends is made again on the
 * other one: two real Netty servers on loopback, the one the stream reached drained while it
 * holds the stream's chunk 2 past its grace period, or while it opens the stream. So is one
 * whose replica falls silent at chunk 2, on a client that resumes streams.
 */
class StreamedExecutionDrainRetryTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}]}
      """);
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  /** 480,000 F32 samples: 1.9 MB, 8 chunks of 256 KiB. */
  private static final int FRAMES = 480_000;

  private final List<RemoteMediaServer> servers = new ArrayList<>();
  /**
   * The servers' transport threads, each server's own and apart from its listening socket's:
   * a chunk held on one (the server processes small chunks there) must hold neither the
   * client's connection nor the drain, which closes the listening socket.
   */
  private final List<EventLoopGroup> serverLoops = new ArrayList<>();
  /** Lets a held chunk go on. */
  private final CountDownLatch released = new CountDownLatch(1);
  private RemoteMediaClient client;
  /** Whether the client asks for streams that resume after a broken connection. */
  private boolean resumeStreams;
  /** Hears the client's resumable streams break and resume. */
  private StreamConnectionListener connections = StreamConnectionListener.NONE;

  @AfterEach
  void stop() throws InterruptedException {
    released.countDown();
    if (client != null) {
      client.close();
    }
    for (RemoteMediaServer server : servers) {
      server.shutdown(Duration.ofSeconds(1));
    }
    for (EventLoopGroup loops : serverLoops) {
      loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
  }

  /** Which server the first stream reached. */
  private final AtomicInteger heldBy = new AtomicInteger(-1);
  /** How many chunks each server processed. */
  private final List<AtomicInteger> chunks = List.of(new AtomicInteger(), new AtomicInteger());
  /** Counted down when a server begins to drain, after it has told its open streams. */
  private final CountDownLatch draining = new CountDownLatch(1);
  private final AudioBuffer input = AudioBuffer.of(MONO_48K, signal(FRAMES));

  @Test
  void execute_longAudioEndedByADrainingReplica_isMadeAgainOnTheOtherAndSucceeds()
      throws Exception {
    // Holds the chunk until the drain begins, then past its grace period of 300 ms.
    CompletableFuture<ExecutionResult> call = executeHeldAtChunk2(
        () -> Await.quietly(released, 1_000));

    CompletableFuture<Void> drain = drainTheHoldingServer(Duration.ofMillis(300));
    ExecutionResult result = call.get(30, TimeUnit.SECONDS);
    drain.get(20, TimeUnit.SECONDS);

    assertThat(result.audioOutputs().get("gain").samples()).isEqualTo(expected());
    assertThat(chunks.get(heldBy.get()).get()).as("chunks the drained server took").isEqualTo(3);
    assertThat(chunks.get(1 - heldBy.get()).get()).as("chunks the other server took")
        .isEqualTo(8);
  }

  /**
   * A long execute told that its replica drains, whose chunks not yet answered would take
   * longer at the call's pace than the grace period has left, leaves that replica at once and
   * is made again on the other, rather than wait until the grace period has ended it. Before,
   * the SDK kept sending to the draining replica until the grace period ran out.
   */
  @Test
  void execute_longAudioThatWouldOutlastTheGrace_leavesTheDrainingReplicaAtOnce()
      throws Exception {
    // 32 chunks of 256 KiB; the first server takes 200 ms a chunk, so the 29 left when the
    // drain begins would take about 6 s, past the grace period of 4 s.
    AudioBuffer longInput = AudioBuffer.of(MONO_48K, signal(32 * 65_536));
    CountDownLatch atChunk2 = new CountDownLatch(1);
    AtomicInteger first = new AtomicInteger(-1);
    startTwoServers(server -> new PushHookRunner(LocalPipelineRunner.create(), sequence -> {
      chunks.get(server).incrementAndGet();
      first.compareAndSet(-1, server);
      if (first.get() != server) {
        return;
      }
      Await.sleepQuietly(200);
      if (sequence == 2 && heldBy.compareAndSet(-1, server)) {
        atChunk2.countDown();
        Await.quietly(draining, 20_000);
      }
    }));
    CompletableFuture<ExecutionResult> call = CompletableFuture.supplyAsync(
        () -> client.execute(ExecutionRequest.of(GAIN, "gain", longInput)));
    assertThat(atChunk2.await(20, TimeUnit.SECONDS)).as("the stream reached chunk 2").isTrue();
    long drainStart = System.nanoTime();
    Duration grace = Duration.ofSeconds(4);

    CompletableFuture<Void> drain = drainTheHoldingServer(grace);
    ExecutionResult result = call.get(30, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - drainStart);
    drain.get(20, TimeUnit.SECONDS);

    assertThat(result.audioOutputs().get("gain").samples()).isEqualTo(
        LocalPipelineRunner.create().execute(ExecutionRequest.of(GAIN, "gain", longInput))
            .audioOutputs().get("gain").samples());
    assertThat(chunks.get(1 - heldBy.get()).get()).as("chunks the other server took")
        .isEqualTo(32);
    assertThat(took).as("the call was made again before the grace period ran out")
        .isLessThan(grace);
  }

  /**
   * A long execute told that its replica drains keeps sending on it when the chunks left fit
   * in the grace period at the call's pace, and one that ends within the grace period is not
   * made again.
   */
  @Test
  void execute_longAudioToldDrainingThatEndsWithinTheGrace_finishesOnTheDrainingReplica()
      throws Exception {
    CompletableFuture<ExecutionResult> call = executeHeldAtChunk2(() -> { });

    CompletableFuture<Void> drain = drainTheHoldingServer(Duration.ofSeconds(10));
    ExecutionResult result = call.get(30, TimeUnit.SECONDS);
    drain.get(20, TimeUnit.SECONDS);

    assertThat(result.audioOutputs().get("gain").samples()).isEqualTo(expected());
    assertThat(chunks.get(heldBy.get()).get()).as("chunks the drained server took").isEqualTo(8);
    assertThat(chunks.get(1 - heldBy.get()).get()).as("chunks the other server took").isZero();
  }

  /**
   * A long execute whose stream's open the server answers after its drain began ran nothing
   * there: it is refused as DRAINING and made again on the other replica. It was refused as
   * BUSY, which the SDK did not make again, so the call failed with the other replica up.
   */
  @Test
  void execute_longAudioWhoseOpenTheDrainOvertakes_isMadeAgainOnTheOtherAndSucceeds()
      throws Exception {
    CountDownLatch atOpen = new CountDownLatch(1);
    List<AtomicInteger> opens = List.of(new AtomicInteger(), new AtomicInteger());
    startTwoServers(server -> new ForwardingPipelineRunner(LocalPipelineRunner.create()) {
      @Override
      public PipelineStream openStream(OpenStreamRequest request) {
        opens.get(server).incrementAndGet();
        if (heldBy.compareAndSet(-1, server)) {
          atOpen.countDown();
          Await.quietly(draining, 20_000);
        }
        return super.openStream(request);
      }
    });
    CompletableFuture<ExecutionResult> call = CompletableFuture.supplyAsync(
        () -> client.execute(ExecutionRequest.of(GAIN, "gain", input)));
    assertThat(atOpen.await(20, TimeUnit.SECONDS)).as("a server is opening the stream").isTrue();
    long drainStart = System.nanoTime();
    Duration grace = Duration.ofSeconds(20);

    CompletableFuture<Void> drain = drainTheHoldingServer(grace);
    ExecutionResult result = call.get(30, TimeUnit.SECONDS);
    drain.get(20, TimeUnit.SECONDS);

    assertThat(result.audioOutputs().get("gain").samples()).isEqualTo(expected());
    assertThat(opens.get(1 - heldBy.get()).get()).as("opens on the other server").isEqualTo(1);
    assertThat(servers.get(heldBy.get()).openStreamCount()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - drainStart))
        .as("the drain did not wait out its grace period for the refused stream")
        .isLessThan(grace.dividedBy(2));
  }

  /**
   * A long execute of a client that resumes streams, whose replica goes away without closing
   * its connection (it takes no new connections, and the thread that serves the stream's
   * connection stops at chunk 2: a frozen process, a host cut off the network), is told
   * nothing by the transport. Once the stream has heard nothing for the client's silence
   * limit, it resumes on the other replica, which does not know the session (NOT_FOUND): the
   * whole input is still here and nothing has reached the caller, so the call is made again
   * there, as the call of a client that does not resume is made again after a broken
   * connection. Before, the stream waited on the silent connection: until the client's
   * deadline, or here until the replica answered again. (A CI run saw this when the replica's
   * transport threads were stopped while they ran chunk 2 in an event loop task rather than
   * in a read: Netty's loop then ends without closing its connections.)
   */
  @Test
  void execute_resumableLongAudioWhoseReplicaGoesAway_isMadeAgainOnTheOther() throws Exception {
    resumeStreams = true;
    CompletableFuture<RemoteMediaException> disconnected = new CompletableFuture<>();
    connections = new StreamConnectionListener() {
      @Override
      public void onDisconnected(String sessionId, RemoteMediaException cause) {
        disconnected.complete(cause);
      }
    };
    AtomicInteger first = new AtomicInteger(-1);
    List<Integer> ports = new ArrayList<>();
    startTwoServers(server -> new PushHookRunner(LocalPipelineRunner.create(), sequence -> {
      chunks.get(server).incrementAndGet();
      first.compareAndSet(-1, server);
      if (first.get() != server) {
        return;
      }
      if (sequence == 1) {
        // It stops taking connections before its results stop coming.
        serverLoops.get(2 * server).shutdownGracefully(0, 0, TimeUnit.SECONDS)
            .awaitUninterruptibly();
      } else if (sequence == 2 && heldBy.compareAndSet(-1, server)) {
        Await.quietly(released, 20_000);
      }
    }));
    servers.forEach(server -> ports.add(server.port()));

    ExecutionResult result = client.execute(ExecutionRequest.of(GAIN, "gain", input));

    assertThat(result.audioOutputs().get("gain").samples()).isEqualTo(expected());
    assertThat(chunks.get(heldBy.get()).get()).as("chunks the silent server took").isEqualTo(3);
    assertThat(chunks.get(1 - heldBy.get()).get()).as("chunks the other server took")
        .isEqualTo(8);
    assertThat(disconnected.get(10, TimeUnit.SECONDS).getMessage())
        .startsWith("the server sent nothing on this stream for ")
        .contains("while it owed the results of ", "(the client's streamSilenceLimit is 2000 ms)");
    assertThatThrownBy(() -> new Socket("127.0.0.1", ports.get(heldBy.get())).close())
        .as("the silent server took no connections").isInstanceOf(ConnectException.class);
  }

  /**
   * Starts two servers, the first stream's chunk 2 held until a drain begins and then by
   * {@code thenHold}, and a client of both; runs {@code execute} of 8 chunks, and returns once
   * a server has reached chunk 2.
   */
  private CompletableFuture<ExecutionResult> executeHeldAtChunk2(Runnable thenHold)
      throws Exception {
    CountDownLatch atChunk2 = new CountDownLatch(1);
    startTwoServers(server -> new PushHookRunner(LocalPipelineRunner.create(), sequence -> {
      chunks.get(server).incrementAndGet();
      if (sequence == 2 && heldBy.compareAndSet(-1, server)) {
        atChunk2.countDown();
        Await.quietly(draining, 20_000);
        thenHold.run();
      }
    }));
    CompletableFuture<ExecutionResult> call = CompletableFuture.supplyAsync(
        () -> client.execute(ExecutionRequest.of(GAIN, "gain", input)));
    assertThat(atChunk2.await(20, TimeUnit.SECONDS)).as("the stream reached chunk 2").isTrue();
    return call;
  }

  /**
   * Starts two servers, each around the runner {@code runnerOf} gives for its index, and a
   * client of both that sends inputs over one chunk as streams.
   */
  private void startTwoServers(IntFunction<PipelineRunner> runnerOf) throws Exception {
    List<String> addresses = new ArrayList<>();
    for (int index = 0; index < 2; index++) {
      RemoteMediaServer started = start(runnerOf.apply(index));
      started.addDrainListener(draining::countDown);
      addresses.add("127.0.0.1:" + started.port());
    }
    client = RemoteMediaClient.builder().addresses(addresses)
        .deadline(Duration.ofSeconds(30))
        .resumeStreams(resumeStreams)
        .streamConnectionListener(connections)
        .streamSilenceLimit(Duration.ofSeconds(2))
        .streamAbove(RemoteMediaClient.STREAM_CHUNK_BYTES)
        .build();
  }

  private CompletableFuture<Void> drainTheHoldingServer(Duration grace) {
    RemoteMediaServer drained = servers.get(heldBy.get());
    return CompletableFuture.runAsync(() -> drained.drain(new DrainSettings(Duration.ZERO,
        grace)));
  }

  private float[] expected() {
    return LocalPipelineRunner.create().execute(ExecutionRequest.of(GAIN, "gain", input))
        .audioOutputs().get("gain").samples();
  }

  private RemoteMediaServer start(PipelineRunner runner) throws Exception {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    serverLoops.add(boss);
    serverLoops.add(workers);
    RemoteMediaServer server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .bossEventLoopGroup(boss).workerEventLoopGroup(workers)
            .channelType(NioServerSocketChannel.class),
        runner, new ServerSettings(1 << 20));
    server.start();
    servers.add(server);
    return server;
  }

  private static float[] signal(int frames) {
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) (0.7 * Math.sin(2 * Math.PI * 997 * i / 48000.0));
    }
    return samples;
  }
}
