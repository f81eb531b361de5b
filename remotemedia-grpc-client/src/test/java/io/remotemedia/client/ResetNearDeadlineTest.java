package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.ExecuteResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A unary call reset (CANCELLED, RST_STREAM, as a replica killed mid-call resets its streams)
 * a few ms before its deadline, over a real loopback connection. The channel's retry policy
 * ({@link ScaleOutServiceConfig}) retries CANCELLED, but its first pause is 40 to 60 ms
 * (grpc-java jitters the 50 ms initialBackoff by 20%), so the deadline passes in that pause:
 * the call fails as one that passed its deadline, with no other attempt made, and not with
 * CANCELLED or a success that came after the deadline.
 */
class ResetNearDeadlineTest {
  /** Room to negotiate on a loaded machine. */
  private static final Duration DEADLINE = Duration.ofSeconds(3);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(
      new ManifestParser().parse("""
          {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
          """), "gain", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[] {0.5f}));

  private RawResponseServers.Http2 server;
  private RemoteMediaClient client;

  @AfterEach
  void stop() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  @Test
  void execute_resetAFewMsBeforeItsDeadline_failsAsTheDeadlineWithNoOtherAttempt()
      throws Exception {
    AtomicInteger executeCalls = new AtomicInteger();
    server = RawResponseServers.http2ResettingFirstCall(
        ExecuteResponse.getDefaultInstance()::toByteArray,
        /* resetMarginNanos= */ TimeUnit.MILLISECONDS.toNanos(5), executeCalls);
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.port)
        .deadline(DEADLINE).build();
    // Connected and negotiated, however long that takes: the deadline is the execute's alone.
    ChannelReady.await((ManagedChannel) client.channel());
    assertThat(client.serverInfo().compatible()).isTrue();

    RemoteMediaException e =
        catchThrowableOfType(RemoteMediaException.class, () -> client.execute(REQUEST));

    assertThat(e).as("the failure (none: an attempt made again answered)").isNotNull();
    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e).hasMessageStartingWith("the call did not end within its deadline: ");
    assertThat(executeCalls.get()).as("attempts that reached the server").isEqualTo(1);
  }
}
