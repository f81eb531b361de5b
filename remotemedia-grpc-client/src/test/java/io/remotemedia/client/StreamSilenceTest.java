package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.SilentStreamService.ResumeAnswer;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resumable session whose server stops answering without ending the call, against an
 * in-process server that opens the session and then says nothing to the chunk it gets: once
 * the call has heard nothing for the silence limit, the SDK cancels it, has the channel connect
 * anew, and resumes, on a call the server answers. The limit counts from when the server was
 * first owed something: a result the consumer holds leaves the server owing nothing. A session
 * whose resume is refused after a silence fails saying so.
 */
class StreamSilenceTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  private final CompletableFuture<RemoteMediaException> disconnected = new CompletableFuture<>();
  private final CompletableFuture<Long> disconnectedAtNanos = new CompletableFuture<>();
  private final AtomicInteger connectionsDropped = new AtomicInteger();
  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void send_toAServerThatFallsSilent_resumesOnANewConnectionAfterTheSilenceLimit()
      throws Exception {
    SilentStreamService server = new SilentStreamService(0, ResumeAnswer.RESUMED);
    try (RemoteStreamSession session = open(server, 4, Duration.ofMillis(200))) {
      session.send(new float[] {0.25f, -0.25f});

      Iterator<StreamResult> results = session.results();

      assertThat(CompletableFuture.supplyAsync(results::next).get(10, TimeUnit.SECONDS)
          .sequence()).as("the resumed call's result").isZero();
    }
    assertThat(server.silentCallEnded.get(10, TimeUnit.SECONDS).getCode())
        .as("how the silent call ended on the server").isEqualTo(Status.Code.CANCELLED);
    assertThat(connectionsDropped).as("times the channel was made to connect anew").hasValue(1);
    RemoteMediaException cause = disconnected.get(10, TimeUnit.SECONDS);
    assertThat(cause.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(cause.getMessage()).startsWith("the server sent nothing on this stream for ")
        .contains(" ms while it owed the results of 1 chunk (the client's streamSilenceLimit is"
            + " 200 ms): its connection was taken as broken, the call cancelled");
  }

  @Test
  void next_afterTheConsumerHeldAResult_waitsTheWholeLimitFromWhenItTookIt() throws Exception {
    Duration limit = Duration.ofMillis(1_000);
    SilentStreamService server = new SilentStreamService(1, ResumeAnswer.RESUMED);
    long takenAtNanos;
    try (RemoteStreamSession session = open(server, 1, limit)) {
      session.send(new float[] {0.25f, -0.25f});
      session.send(new float[] {0.5f, -0.5f});
      Iterator<StreamResult> results = session.results();
      server.firstResultSent.get(10, TimeUnit.SECONDS);
      // The consumer holds the first result (prefetch 1: the server may send nothing more)
      // for 5/8 of the limit, then takes it; from then on the server owes the second.
      Thread.sleep(limit.toMillis() * 5 / 8);
      takenAtNanos = System.nanoTime();
      assertThat(results.next().sequence()).isZero();

      assertThat(CompletableFuture.supplyAsync(results::next).get(10, TimeUnit.SECONDS)
          .sequence()).as("the resumed call's result").isEqualTo(1);
    }
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(
        disconnectedAtNanos.get(10, TimeUnit.SECONDS) - takenAtNanos);
    assertThat(waitedMs).as("ms from taking the result to the call taken as silent")
        .isGreaterThanOrEqualTo(limit.toMillis())
        .isLessThan(limit.toMillis() + 1_000);
    assertThat(disconnected.get().getMessage())
        .contains(" ms while it owed the results of 1 chunk (the client's streamSilenceLimit is"
            + " 1000 ms)");
  }

  @Test
  void next_whenTheResumeAfterASilenceIsRefused_failsSayingTheStreamWentSilent()
      throws Exception {
    try (RemoteStreamSession session =
        open(new SilentStreamService(0, ResumeAnswer.NOT_FOUND), 4, Duration.ofMillis(200))) {
      session.send(new float[] {0.25f, -0.25f});
      Iterator<StreamResult> results = session.results();

      RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class, results::next);

      assertThat(e.code()).as("the resume's answer").isEqualTo(Status.Code.NOT_FOUND);
      assertThat(e.getMessage()).startsWith("NOT_FOUND: no stream session to resume for this"
              + " token; the stream was resuming after this: the server sent nothing on this"
              + " stream for ")
          .endsWith(" ms while it owed the results of 1 chunk (the client's streamSilenceLimit"
              + " is 200 ms): its connection was taken as broken, the call cancelled");
    }
  }

  private RemoteStreamSession open(SilentStreamService server, int prefetch,
      Duration silenceLimit) throws Exception {
    service = InProcessService.serve(server);
    StreamConnectionListener connections = new StreamConnectionListener() {
      @Override
      public void onDisconnected(String sessionId, RemoteMediaException cause) {
        disconnectedAtNanos.complete(System.nanoTime());
        disconnected.complete(cause);
      }
    };
    return RemoteStreamSession.open(service.channel(),
        OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)), null,
        new StreamOptions(prefetch, Duration.ofSeconds(5), true, connections, Optional.empty(),
            silenceLimit, connectionsDropped::incrementAndGet),
        ProtocolFeature.RESUMABLE_STREAMS.version());
  }
}
