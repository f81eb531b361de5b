package io.remotemedia.server;

import static io.remotemedia.server.StreamAudio.GAIN_RESAMPLE;
import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream resume against the configured server (authentication with alice and bob, per-client
 * quotas) on a loopback port, with raw StreamPipeline calls, as a hostile or careless client
 * would use it: another client's token, no credentials, two resumes at once, resumes of a
 * finished session, resume mid-call, and kept sessions against the open_streams quota.
 */
class StreamResumeClientsTest {

  @TempDir Path temp;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private ConfiguredServer server;

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  /**
   * A kept session holds a stream slot while its client holds no call, so a client may keep
   * only as many as its open_streams quota: one client at open_streams: 1 that opens resumable
   * streams and drops their calls keeps the first, the later ones end, and another client
   * still gets a slot of the server's three.
   */
  @Test
  void keptSessions_ofAClientAtItsOpenStreamsQuota_doNotStarveAnotherClient() throws Exception {
    start("""
        quotas:
          default:
            open_streams: 1
        streams:
          max_open: 3
        """);
    ManagedChannel channel = channel();
    List<String> resumeTokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RawStreamCall alices = openWhenAdmitted(channel, "alice-token");
      alices.chunk(0, new float[4800], 0);
      alices.awaitResponses(2);
      resumeTokens.add(alices.token());
      alices.breakConnection();
    }

    RawStreamCall bobs = RawStreamCall.start(channel, "bob-token");
    bobs.sendOpen(GAIN_RESAMPLE);
    Await.until("bob's open is answered", 20,
        () -> !bobs.recorder.responses.isEmpty() || bobs.recorder.end.isDone());
    assertThat(bobs.recorder.end.isCompletedExceptionally())
        .as("bob's open, refused: %s", bobs.recorder.end.isCompletedExceptionally()
            ? bobs.recorder.error().getStatus() : "")
        .isFalse();
    assertThat(bobs.recorder.responses.get(0).hasReady()).isTrue();
    bobs.breakConnection();

    // The first session was kept and resumes; the two after it were not kept.
    RawStreamCall first = resumeWhenAdmitted(channel, resumeTokens.get(0), 1);
    assertThat(first.recorder.responses.get(0).hasResumed()).as("the kept session").isTrue();
    first.breakConnection();
    for (String notKept : resumeTokens.subList(1, 3)) {
      RawStreamCall late = resumeWhenAdmitted(channel, notKept, 1);
      assertThat(late.recorder.error().getStatus().getCode()).as("a session not kept")
          .isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  /**
   * A client at its open_streams quota whose connection broke before the server saw it still
   * holds the old call's place; its resume takes that call over instead of being refused.
   */
  @Test
  void resume_atTheOpenStreamsQuota_takesOverTheCallTheServerStillThinksOpen() throws Exception {
    start("""
        quotas:
          default:
            open_streams: 1
        """);
    ManagedChannel channel = channel();
    RawStreamCall old = RawStreamCall.open(channel, GAIN_RESAMPLE, "alice-token");
    old.chunk(0, new float[4800], 0);
    old.awaitResponses(2);

    RawStreamCall resumed = RawStreamCall.resume(channel(), old.token(), 1, "alice-token");
    resumed.awaitResponses(1);
    resumed.chunk(1, new float[4800], 1);
    resumed.awaitResponses(2);

    assertThat(resumed.recorder.responses.get(0).getResumed().getNextChunkSequence())
        .isEqualTo(1);
    assertThat(resumed.recorder.responses.get(1).getResult().getSequence()).isEqualTo(1);
    assertThat(old.recorder.error().getStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
    // The resumed call holds the one place: another stream of alice's is still refused.
    RawStreamCall another = RawStreamCall.start(channel, "alice-token");
    another.sendOpen(GAIN_RESAMPLE);
    assertThat(another.recorder.error().getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(detailOf(another.recorder.error()).getLimit().getLimit())
        .isEqualTo("open_streams");
  }

  /**
   * A resume of a kept session while another of the client's streams holds its only place is
   * refused before anything is replayed, and the session stays kept for a later resume.
   */
  @Test
  void resume_whileAnotherStreamHoldsTheOnlyPlace_isRefused_andTheSessionStaysKept()
      throws Exception {
    start("""
        quotas:
          default:
            open_streams: 1
        """);
    ManagedChannel channel = channel();
    RawStreamCall kept = alicesBrokenAfter(channel, 1);
    RawStreamCall other = openWhenAdmitted(channel, "alice-token");
    other.awaitResponses(1);

    RawStreamCall refused = RawStreamCall.resume(channel, kept.token(), 1, "alice-token");
    StatusRuntimeException error = refused.recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(detailOf(error).getLimit().getLimit()).isEqualTo("open_streams");
    assertThat(refused.recorder.responses).as("nothing replayed to a refused resume").isEmpty();

    other.requests.onNext(StreamWire.close());
    other.requests.onCompleted();
    other.recorder.end.get(20, TimeUnit.SECONDS);
    RawStreamCall later = resumeWhenAdmitted(channel, kept.token(), 0);
    later.awaitResponses(2);
    assertThat(later.recorder.responses.get(0).getResumed().getNextChunkSequence()).isEqualTo(1);
    assertThat(later.recorder.responses.get(1).getResult().getSequence())
        .as("result 0, which the refused resume did not acknowledge").isZero();
  }

  /**
   * A stream refused by the open_streams quota waits for its first message only as often as
   * the client may have streams open: one more is refused as soon as it starts, and a waiting
   * one whose first message is not a resume is refused then.
   */
  @Test
  void streamsPastTheQuota_waitOnlyUpToTheQuota_andAnOpenIsRefused() throws Exception {
    start("""
        quotas:
          default:
            open_streams: 1
        """);
    ManagedChannel channel = channel();
    RawStreamCall.open(channel, GAIN_RESAMPLE, "alice-token");

    RawStreamCall first = RawStreamCall.start(channel, "alice-token");
    RawStreamCall second = RawStreamCall.start(channel, "alice-token");
    Await.until("one of the two is refused", 20,
        () -> first.recorder.end.isDone() || second.recorder.end.isDone());
    RawStreamCall waiting = first.recorder.end.isDone() ? second : first;
    RawStreamCall refused = waiting == first ? second : first;
    Thread.sleep(200);

    assertThat(refused.recorder.error().getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(waiting.recorder.end).as("the stream that waits for its first message")
        .isNotDone();
    waiting.sendOpen(GAIN_RESAMPLE);
    assertThat(waiting.recorder.error().getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(detailOf(waiting.recorder.error()).getLimit().getLimit())
        .isEqualTo("open_streams");
    assertThat(waiting.recorder.responses).isEmpty();
  }

  /**
   * Opens a stream for {@code token}, again while the quota refuses it: the server may not
   * have seen the client's last call break yet, and that call holds its open_streams place.
   */
  private static RawStreamCall openWhenAdmitted(ManagedChannel channel, String token)
      throws Exception {
    return whenAdmitted(() -> {
      RawStreamCall call = RawStreamCall.start(channel, token);
      call.sendOpen(GAIN_RESAMPLE);
      return call;
    });
  }

  /** Resumes {@code resumeToken} as alice, again while her open_streams quota refuses it. */
  private static RawStreamCall resumeWhenAdmitted(ManagedChannel channel, String resumeToken,
      long resultsReceived) throws Exception {
    return whenAdmitted(() -> RawStreamCall.resume(channel, resumeToken, resultsReceived,
        "alice-token"));
  }

  private static RawStreamCall whenAdmitted(java.util.function.Supplier<RawStreamCall> attempt)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      RawStreamCall call = attempt.get();
      Await.until("the call is answered", 20,
          () -> !call.recorder.responses.isEmpty() || call.recorder.end.isDone());
      boolean refusedByQuota = call.recorder.responses.isEmpty()
          && call.recorder.end.isCompletedExceptionally()
          && call.recorder.error().getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED;
      if (!refusedByQuota) {
        return call;
      }
      assertThat(System.nanoTime()).as("still refused by the quota after 20 s: %s",
          call.recorder.error().getStatus()).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /**
   * Opens a resumable stream as alice, sends {@code chunks} chunks of 0.1 s, waits for their
   * results, then breaks the connection and gives the server 200 ms to see it (a resume that
   * comes sooner takes over, which the tests below do not mind).
   */
  private static RawStreamCall alicesBrokenAfter(ManagedChannel channel, int chunks)
      throws Exception {
    RawStreamCall alices = RawStreamCall.open(channel, GAIN_RESAMPLE, "alice-token");
    for (int sequence = 0; sequence < chunks; sequence++) {
      alices.chunk(sequence, new float[4800], 0);
    }
    alices.awaitResponses(chunks + 1);
    alices.breakConnection();
    Thread.sleep(200);
    return alices;
  }

  @Test
  void resume_withoutCredentials_isUnauthenticated_andAlicesSessionSurvives() throws Exception {
    start("");
    ManagedChannel channel = channel();
    RawStreamCall alices = alicesBrokenAfter(channel, 1);

    StatusRuntimeException anonymous =
        RawStreamCall.resume(channel, alices.token(), 1, null).recorder.error();
    StatusRuntimeException bobs =
        RawStreamCall.resume(channel, alices.token(), 1, "bob-token").recorder.error();
    StatusRuntimeException guessed = RawStreamCall.resume(channel,
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1, "bob-token").recorder.error();

    assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(bobs.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(detailOf(bobs).getMessage()).isEqualTo(detailOf(guessed).getMessage());
    assertThat(alices.token()).hasSize(32).matches("[A-Za-z0-9_-]+");
    RawStreamCall resumed = RawStreamCall.resume(channel, alices.token(), 1, "alice-token");
    resumed.awaitResponses(1);
    assertThat(resumed.recorder.responses.get(0).hasResumed()).isTrue();
  }

  /** Two resumes with one token at once: one carries on, the other is ended; nothing doubles. */
  @Test
  void twoResumesAtOnce_oneCarriesOnAndResultsAreNeitherLostNorDoubled() throws Exception {
    start("");
    ManagedChannel channel = channel();
    RawStreamCall alices = alicesBrokenAfter(channel, 2);

    RawStreamCall a = RawStreamCall.start(channel, "alice-token");
    RawStreamCall b = RawStreamCall.start(channel, "alice-token");
    StreamRequest resume = StreamWire.resume(alices.token(), 1, ProtocolVersions.CURRENT);
    a.requests.onNext(resume);
    b.requests.onNext(resume);
    Await.until("one resume is ended", 20,
        () -> a.recorder.end.isDone() || b.recorder.end.isDone());
    Thread.sleep(200);
    RawStreamCall alive = a.recorder.end.isDone() ? b : a;
    RawStreamCall ended = alive == a ? b : a;

    assertThat(alive.recorder.end).isNotDone();
    assertThat(ended.recorder.error().getStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
    alive.awaitResponses(2);
    assertThat(alive.recorder.responses.get(0).getResumed().getNextChunkSequence()).isEqualTo(2);
    assertThat(alive.recorder.responses.get(1).getResult().getSequence()).isEqualTo(1);
    alive.chunk(2, new float[4800], 2);
    alive.awaitResponses(3);
    assertThat(alive.recorder.responses).hasSize(3);
    assertThat(alive.recorder.responses.get(2).getResult().getSequence()).isEqualTo(2);
  }

  /**
   * A finished session replays closed on a late resume, twice; a resume that acknowledges more
   * results than the session produced is refused, and the session stays for one that counts.
   */
  @Test
  void resume_ofAFinishedSession_twice_andWithResultsReceivedPastTheEnd() throws Exception {
    start("");
    ManagedChannel channel = channel();
    RawStreamCall alices = RawStreamCall.open(channel, GAIN_RESAMPLE, "alice-token");
    alices.chunk(0, new float[4800], 0);
    alices.requests.onNext(StreamWire.close());
    alices.requests.onCompleted();
    alices.recorder.end.get(20, TimeUnit.SECONDS);

    RawStreamCall first = RawStreamCall.resume(channel, alices.token(), 0, "alice-token");
    first.recorder.end.get(20, TimeUnit.SECONDS);
    RawStreamCall past =
        RawStreamCall.resume(channel, alices.token(), Long.MAX_VALUE, "alice-token");
    StatusRuntimeException pastError = past.recorder.error();
    RawStreamCall negative = RawStreamCall.resume(channel, alices.token(), -5, "alice-token");
    StatusRuntimeException negativeError = negative.recorder.error();
    RawStreamCall last = RawStreamCall.resume(channel, alices.token(), 1, "alice-token");
    last.recorder.end.get(20, TimeUnit.SECONDS);

    assertThat(first.recorder.responses).hasSize(3); // resumed, result 0, closed
    assertThat(pastError.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(pastError).getMessage()).isEqualTo("resume: results_received is"
        + " 9223372036854775807, but the stream has produced 1 result");
    // The wire's uint64: -5 is 2^64 - 5, not a negative count.
    assertThat(detailOf(negativeError).getMessage()).isEqualTo("resume: results_received is"
        + " 18446744073709551611, but the stream has produced 1 result");
    assertThat(last.recorder.responses).hasSize(2); // resumed, closed
    assertThat(last.recorder.responses.get(0).getResumed().getReplayedResults()).isZero();
  }

  /** A kept session refuses a resume that acknowledges too much, and stays kept for one. */
  @Test
  void resume_ofAKeptSession_withResultsReceivedPastWhatItProduced_isRefused() throws Exception {
    start("");
    ManagedChannel channel = channel();
    RawStreamCall alices = alicesBrokenAfter(channel, 2);

    StatusRuntimeException error =
        RawStreamCall.resume(channel, alices.token(), 3, "alice-token").recorder.error();
    RawStreamCall again = RawStreamCall.resume(channel, alices.token(), 1, "alice-token");
    again.awaitResponses(2);

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("resume: results_received is 3, but the stream has produced 2 results");
    assertThat(again.recorder.responses.get(0).getResumed().getReplayedResults()).isEqualTo(1);
    assertThat(again.recorder.responses.get(1).getResult().getSequence()).isEqualTo(1);
  }

  /**
   * A chunk that acknowledges results the stream has not produced ends the stream: the client
   * has lost count, and would lose on a resume the results it acknowledged before it had them.
   */
  @Test
  void chunk_acknowledgingResultsNotYetProduced_endsTheStream() throws Exception {
    start("");
    ManagedChannel channel = channel();
    RawStreamCall alices = RawStreamCall.open(channel, GAIN_RESAMPLE, "alice-token");
    alices.chunk(0, new float[4800], 0);
    alices.awaitResponses(2);
    alices.chunk(1, new float[4800], 1);
    alices.awaitResponses(3);

    alices.chunk(2, new float[4800], 3);

    StatusRuntimeException error = alices.recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("chunk 2: results_received is 3, but the stream has produced 2 results");
  }

  /** A resume as the second message of an attached call is refused. */
  @Test
  void resume_midCall_isRefused() throws Exception {
    start("");
    ManagedChannel channel = channel();
    RawStreamCall alices = RawStreamCall.open(channel, GAIN_RESAMPLE, "alice-token");
    alices.requests.onNext(StreamWire.resume(alices.token(), 0, ProtocolVersions.CURRENT));
    StatusRuntimeException error = alices.recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("resume may be sent only as the first message of a call");
  }

  private void start(String moreYaml) throws Exception {
    Path tokens = temp.resolve("tokens.txt");
    Files.writeString(tokens, TokenSet.hashLine("alice", "alice-token") + "\n"
        + TokenSet.hashLine("bob", "bob-token") + "\n", StandardCharsets.UTF_8);
    Path config = temp.resolve("config.yaml");
    Files.writeString(config, """
        server:
          port: 0
        metrics:
          enabled: false
        auth:
          enabled: true
          tokens_file: %s
          tokens_file_check_ms: 0
        %s""".formatted(tokens, moreYaml), StandardCharsets.UTF_8);
    server = ConfiguredServer.start(ConfigLoader.builder().file(config).build());
  }

  private ManagedChannel channel() {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    closeables.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }
}
