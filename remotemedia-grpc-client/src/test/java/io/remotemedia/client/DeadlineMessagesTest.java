package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ExecuteResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a call that passes its deadline says, over real loopback connections: whether it never
 * reached a server or the server did not answer in time.
 */
class DeadlineMessagesTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(GAIN, "gain",
      AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}));
  private static final String PASSED =
      "the call did not end within its deadline: ";

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void execute_noReplicaReadyBeforeTheDeadline_saysItNeverReachedAServer() throws Exception {
    // Accepts connections and never speaks HTTP/2: the channel stays connecting.
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    // Written by the acceptor, read here: the socket is closed and the acceptor joined before
    // the list is read, so that no connection is accepted while, or after, it is closed.
    List<Socket> accepted = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(1);
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(silent.accept());
          connected.countDown();
        }
      } catch (IOException closed) {
        // The test is over.
      }
    });
    acceptor.start();
    resources.add(() -> {
      silent.close();
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
      for (Socket socket : accepted) {
        socket.close();
      }
    });
    // Room to start the call on a loaded machine: a deadline that passes before the call
    // starts says so instead.
    RemoteMediaClient client = client(silent.getLocalPort(), Duration.ofSeconds(3));
    // Resolved and connecting, however long that takes: the deadline passes waiting for a
    // ready replica, not for the name resolver.
    ((ManagedChannel) client.channel()).getState(/* requestConnection= */ true);
    assertThat(connected.await(30, TimeUnit.SECONDS)).as("connection within 30 s").isTrue();

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        })
        .hasMessageStartingWith(PASSED + "no replica was ready to take it in time")
        .hasMessageContaining("(DEADLINE_EXCEEDED: ");
  }

  @Test
  void execute_serverAnsweringTooLate_saysTheServerWasToldToStop() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    Server server = RawResponseServers.grpc(() -> {
      try {
        released.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ExecuteResponse.getDefaultInstance().toByteArray();
    }, false);
    resources.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    resources.add(released::countDown);
    // Room to negotiate on a loaded machine; the held answer passes it all the same.
    RemoteMediaClient client = client(server.getPort(), Duration.ofSeconds(3));
    // Connected and healthy, however long that takes: the deadline is the answer's alone.
    ChannelReady.await((ManagedChannel) client.channel());

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT))
        .hasMessageStartingWith(PASSED + "the server did not answer in time")
        .hasMessageContaining("(DEADLINE_EXCEEDED: ");
  }

  private RemoteMediaClient client(int port, Duration deadline) {
    RemoteMediaClient client = RemoteMediaClient.builder().target("127.0.0.1:" + port)
        .deadline(deadline)
        .build();
    resources.add(client::close);
    return client;
  }
}
