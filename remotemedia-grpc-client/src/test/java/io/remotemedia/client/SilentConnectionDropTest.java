package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamClosed;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResumed;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the SDK's way of leaving a silent connection costs the other calls of the same client,
 * on a client of two replicas on loopback: the silent stream's client has its channel enter
 * idle, so that its resume does not go back to the silent connection, which still looks
 * READY. The channel then connects anew to every replica, and every later call of the client
 * goes over the new connections; calls in flight go on over the old ones, which close once
 * they have ended.
 */
class SilentConnectionDropTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);
  private static final OpenStreamRequest STREAM =
      OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1));

  private final TwoSessions service = new TwoSessions();
  private final List<Server> servers = new ArrayList<>();
  private final List<Connections> connections = List.of(new Connections(), new Connections());

  @AfterEach
  void stop() throws InterruptedException {
    for (Server server : servers) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void silence_onOneStream_otherCallsOfTheClientGoOnAndLaterOnesConnectAnew() throws Exception {
    CountDownLatch resumed = new CountDownLatch(1);
    StreamConnectionListener listener = new StreamConnectionListener() {
      @Override
      public void onResumed(String sessionId, long replayedResults) {
        resumed.countDown();
      }
    };
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .addresses("127.0.0.1:" + start(connections.get(0)),
            "127.0.0.1:" + start(connections.get(1)))
        .resumeStreams(true)
        .streamSilenceLimit(Duration.ofSeconds(1))
        .streamConnectionListener(listener)
        .build()) {
      RemoteStreamSession other = client.openSession(STREAM);
      Iterator<StreamResult> otherResults = other.results();
      other.send(new float[] {0.25f});
      assertThat(otherResults.next().sequence()).isZero();
      for (Connections replica : connections) {
        assertThat(replica.first.await(10, TimeUnit.SECONDS))
            .as("a first connection to each replica").isTrue();
      }

      try (RemoteStreamSession silent = client.openSession(STREAM)) {
        silent.send(new float[] {0.5f});
        assertThat(CompletableFuture.supplyAsync(silent.results()::next)
            .get(10, TimeUnit.SECONDS).sequence()).as("the resumed stream's result").isZero();
      }
      assertThat(resumed.await(10, TimeUnit.SECONDS)).isTrue();

      other.send(new float[] {0.75f});
      assertThat(otherResults.next().sequence())
          .as("the stream in flight across the drop").isEqualTo(1);
      assertThat(client.serverInfo().compatible()).as("a call after the drop").isTrue();
      for (Connections replica : connections) {
        assertThat(replica.second.await(10, TimeUnit.SECONDS))
            .as("a connection to each replica made after the drop").isTrue();
      }
      other.finish().get(10, TimeUnit.SECONDS);
      // grpc-java closes a dropped connection 5 s after the drop, or once its calls have
      // ended if later.
      for (Connections replica : connections) {
        assertThat(replica.closed.await(15, TimeUnit.SECONDS))
            .as("the first connection closed once its calls had ended").isTrue();
      }
    }
  }

  private int start(Connections counted) throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service)
        .addTransportFilter(counted)
        .build()
        .start();
    servers.add(server);
    return server.getPort();
  }

  /** Which connections a server has taken and closed. */
  private static final class Connections extends ServerTransportFilter {
    /** Open once a first connection is ready. */
    final CountDownLatch first = new CountDownLatch(1);
    /** Open once a second connection is ready. */
    final CountDownLatch second = new CountDownLatch(2);
    /** Open once a connection has closed. */
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Attributes transportReady(Attributes attributes) {
      first.countDown();
      second.countDown();
      return attributes;
    }

    @Override
    public void transportTerminated(Attributes attributes) {
      closed.countDown();
    }
  }

  /**
   * Serves protocol v1.1 and resumable streams: the second session opened says nothing on
   * its first call; every other call answers each chunk, and a resume goes on from chunk 0.
   */
  private static final class TwoSessions extends PipelineServiceGrpc.PipelineServiceImplBase {
    private final AtomicInteger opens = new AtomicInteger();

    @Override
    public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
      ResumableServerVersion.answer(response);
    }

    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      AtomicInteger session = new AtomicInteger();
      AtomicBoolean resumed = new AtomicBoolean();
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          session.set(opens.incrementAndGet());
          out.onNext(StreamResponse.newBuilder().setReady(StreamReady.newBuilder()
              .setSessionId("s" + session.get()).setResumeToken("t" + session.get())
              .setResumeWindowMs(10_000)).build());
        } else if (request.hasResume()) {
          session.set(Integer.parseInt(request.getResume().getResumeToken().substring(1)));
          resumed.set(true);
          out.onNext(StreamResponse.newBuilder().setResumed(StreamResumed.newBuilder()
              .setSessionId("s" + session.get()).setNextChunkSequence(0)).build());
        } else if (request.hasClose()) {
          out.onNext(StreamResponse.newBuilder()
              .setClosed(StreamClosed.getDefaultInstance()).build());
        } else if (request.hasChunk() && (session.get() != 2 || resumed.get())) {
          out.onNext(StreamResponse.newBuilder().setResult(io.remotemedia.proto.StreamResult
              .newBuilder().setSequence(request.getChunk().getSequence())).build());
        }
      });
    }
  }
}
