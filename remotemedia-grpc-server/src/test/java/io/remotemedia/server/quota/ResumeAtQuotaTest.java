package io.remotemedia.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RawStreamCall;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.StreamSettings;
import io.remotemedia.server.logging.ClientNameLookup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A StreamPipeline call past the client's open_streams quota waits for its first message
 * (a resume may take over the client's old call): the quota's counters of open and waiting
 * streams come back to what the calls still open hold, however a waiting call ends, and no
 * call is answered without a place.
 */
class ResumeAtQuotaTest {
  private static final String GAIN = """
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}}]}
      """;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private ClientQuotas quotas;
  private RemoteMediaServer server;

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  /**
   * A resume of a finished session (its {@code closed} kept for a late resume) frees no place:
   * while another stream of the client holds its only one, the resume is refused like any
   * stream past the quota, before anything is replayed (docs/streaming.md, "Resuming").
   */
  @Test
  void resume_ofAFinishedSession_whileAnotherStreamHoldsTheOnlyPlace_isRefused()
      throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall finished = openWithOneResult(channel);
    finished.requests.onNext(StreamWire.close());
    finished.requests.onCompleted();
    finished.recorder.end.get(20, TimeUnit.SECONDS);
    awaitCounts(0, 0);
    RawStreamCall other = RawStreamCall.open(channel, GAIN);
    awaitCounts(1, 0);

    RawStreamCall resume = RawStreamCall.resume(channel, finished.token(), 0);

    StatusRuntimeException error = resume.recorder.error();
    assertThat(error.getStatus().getCode()).as("%s, after %s", error.getStatus(),
        resume.recorder.kinds()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(resume.recorder.kinds()).as("nothing replayed to a refused resume").isEmpty();
    awaitCounts(1, 0);
    other.breakConnection();
    awaitCounts(0, 0);
  }

  /** A waiting call that the client cancels before its first message gives back its count. */
  @Test
  void waitingCall_cancelledBeforeItsFirstMessage_isNoLongerCounted() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall open = RawStreamCall.open(channel, GAIN);
    RawStreamCall waiting = RawStreamCall.start(channel);
    awaitCounts(1, 1);

    waiting.breakConnection();

    awaitCounts(1, 0);
    open.breakConnection();
    awaitCounts(0, 0);
  }

  /** A waiting call that sends nothing ends at the idle timeout and gives back its count. */
  @Test
  void waitingCall_thatSendsNothing_endsAtTheIdleTimeout() throws Exception {
    start(1, new StreamSettings(500, StreamSettings.DEFAULT_MAX_SESSION_MS));
    ManagedChannel channel = channel();
    RawStreamCall open = RawStreamCall.start(channel);
    open.sendOpen(GAIN);
    // The first calls of a new channel may reach the server in any order (grpc-java starts
    // the calls it held while connecting on its executor): the open one goes first.
    awaitCounts(1, 0);
    RawStreamCall waiting = RawStreamCall.start(channel);
    awaitCounts(1, 1);

    assertThat(failureOf(waiting)).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    assertThat(failureOf(open)).as("the open one, idle as well")
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    awaitCounts(0, 0);
  }

  /** A waiting call past its deadline gives back its count. */
  @Test
  void waitingCall_pastItsDeadline_isNoLongerCounted() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall open = RawStreamCall.open(channel, GAIN);
    RawStreamCall waiting = RawStreamCall.start(channel, Duration.ofMillis(300));

    assertThat(failureOf(waiting)).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    awaitCounts(1, 0);
    open.breakConnection();
    awaitCounts(0, 0);
  }

  /** A waiting call's resume of a token nobody holds is NOT_FOUND and gives back its count. */
  @Test
  void waitingCall_resumingAnUnknownToken_isNotFound_andNoLongerCounted() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall open = RawStreamCall.open(channel, GAIN);

    RawStreamCall resume = RawStreamCall.resume(channel, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0);

    assertThat(failureOf(resume)).isEqualTo(Status.Code.NOT_FOUND);
    awaitCounts(1, 0);
    // The open stream still holds the place: a new stream waits, and its open is refused.
    RawStreamCall another = RawStreamCall.start(channel);
    another.sendOpen(GAIN);
    assertThat(failureOf(another)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    awaitCounts(1, 0);
    open.breakConnection();
    awaitCounts(0, 0);
  }

  /**
   * A takeover at the quota, then the resumed call cancelled (its connection broke again):
   * the session is kept, the counters hold nothing, and the session resumes once more.
   */
  @Test
  void takeoverAtTheQuota_thenTheResumedCallCancelled_holdsNothing_andResumesAgain()
      throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall old = openWithOneResult(channel);

    RawStreamCall resumed = RawStreamCall.resume(channel(), old.token(), 1);
    resumed.awaitResponses(1);
    assertThat(resumed.recorder.responses.get(0).hasResumed()).isTrue();
    assertThat(failureOf(old)).isEqualTo(Status.Code.CANCELLED);
    awaitCounts(1, 0);

    resumed.breakConnection();
    awaitCounts(0, 0);

    RawStreamCall again = RawStreamCall.resume(channel(), old.token(), 1);
    again.awaitResponses(1);
    assertThat(again.recorder.responses.get(0).hasResumed()).isTrue();
    awaitCounts(1, 0);
    again.requests.onNext(StreamWire.close());
    again.requests.onCompleted();
    again.recorder.end.get(20, TimeUnit.SECONDS);
    awaitCounts(0, 0);
  }

  /**
   * A resume at the quota refused because another stream holds the place: the refused call
   * and the old call it took over hold nothing, and the kept session still resumes.
   */
  @Test
  void refusedTakeover_holdsNothing_andTheSessionResumesLater() throws Exception {
    start(2, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall old = openWithOneResult(channel);
    RawStreamCall other = RawStreamCall.open(channel, GAIN);
    awaitCounts(2, 0);
    // A third stream takes the place the takeover frees, before the resume asks for it: the
    // client's first waiting call sends open once the old call is gone.
    RawStreamCall waitingOpen = RawStreamCall.start(channel);
    awaitCounts(2, 1);
    old.breakConnection();
    awaitCounts(1, 1);
    waitingOpen.sendOpen(GAIN);
    waitingOpen.awaitResponses(1);
    awaitCounts(2, 0);

    RawStreamCall refused = RawStreamCall.resume(channel(), old.token(), 1);

    assertThat(failureOf(refused))
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.recorder.responses).isEmpty();
    awaitCounts(2, 0);
    other.breakConnection();
    awaitCounts(1, 0);
    RawStreamCall later = RawStreamCall.resume(channel(), old.token(), 1);
    later.awaitResponses(1);
    assertThat(later.recorder.responses.get(0).hasResumed()).isTrue();
    awaitCounts(2, 0);
  }

  /**
   * Two resumes of one token at once at a quota of 2 (both calls wait): both take over in turn,
   * one carries on and the other ends CANCELLED; the client never holds more than its quota.
   */
  @Test
  void twoResumesOfOneTokenAtOnce_atTheQuota_leaveOnePlaceTaken() throws Exception {
    start(2, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall old = openWithOneResult(channel);
    RawStreamCall other = RawStreamCall.open(channel, GAIN);
    awaitCounts(2, 0);

    RawStreamCall a = RawStreamCall.start(channel());
    RawStreamCall b = RawStreamCall.start(channel());
    awaitCounts(2, 2);
    StreamRequest resume = StreamWire.resume(old.token(), 1, ProtocolVersions.CURRENT);
    a.requests.onNext(resume);
    b.requests.onNext(resume);
    Await.until("one resume is ended", 20,
        () -> a.recorder.end.isDone() || b.recorder.end.isDone());
    RawStreamCall alive = a.recorder.end.isDone() ? b : a;
    RawStreamCall ended = alive == a ? b : a;
    alive.awaitResponses(1);

    assertThat(failureOf(ended)).isIn(Status.Code.CANCELLED,
        Status.Code.RESOURCE_EXHAUSTED);
    assertThat(alive.recorder.responses.get(0).hasResumed()).isTrue();
    awaitCounts(2, 0);
    alive.breakConnection();
    other.breakConnection();
    awaitCounts(0, 0);
  }

  /**
   * A quota raised by a reload while a call waits: its open takes one of the new places; a
   * quota lowered while calls wait leaves the waiting ones refused at their open.
   */
  @Test
  void reloadWhileACallWaits_theOpenIsJudgedByTheNewQuota() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall open = RawStreamCall.open(channel, GAIN);
    RawStreamCall waiting = RawStreamCall.start(channel);
    awaitCounts(1, 1);

    quotas.update(new QuotaPolicy(new QuotaLimits(0, 2, 0), Map.of()));
    waiting.sendOpen(GAIN);
    waiting.awaitResponses(1);
    assertThat(waiting.recorder.responses.get(0).hasReady()).isTrue();
    awaitCounts(2, 0);

    RawStreamCall third = RawStreamCall.start(channel);
    awaitCounts(2, 1);
    quotas.update(new QuotaPolicy(new QuotaLimits(0, 1, 0), Map.of()));
    open.breakConnection();
    third.sendOpen(GAIN);
    assertThat(failureOf(third)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    awaitCounts(1, 0);
    waiting.breakConnection();
    awaitCounts(0, 0);
  }

  /** The server stopping while a call waits: the waiting call ends and holds nothing. */
  @Test
  void serverShutdown_whileACallWaits_endsIt_andHoldsNothing() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    RawStreamCall.open(channel, GAIN);
    RawStreamCall waiting = RawStreamCall.start(channel);
    awaitCounts(1, 1);

    server.shutdown(Duration.ofMillis(300));
    server = null;

    waiting.recorder.end.handle((ok, error) -> null).get(20, TimeUnit.SECONDS);
    awaitCounts(0, 0);
  }

  private void start(int openStreams, StreamSettings streamSettings) throws Exception {
    quotas = ClientQuotas.create(new QuotaPolicy(new QuotaLimits(0, openStreams, 0), Map.of()));
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()),
        Observability.defaults().withQuotas(quotas), streamSettings);
    server.start();
  }

  private ManagedChannel channel() {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    channels.add(channel);
    return channel;
  }

  private ClientQuotaState state() {
    return quotas.forClient(ClientNameLookup.ANONYMOUS);
  }

  private void awaitCounts(int open, int awaiting) throws Exception {
    Await.until(open + " streams open and " + awaiting + " waiting", 20,
        () -> state().streamsOpen() == open && state().streamsAwaitingPlace() == awaiting);
  }

  /** {@return the code {@code call} failed with; fails if it ends otherwise} */
  private static Status.Code failureOf(RawStreamCall call) throws Exception {
    return call.recorder.error().getStatus().getCode();
  }

  /** Opens a resumable stream and waits for the result of its chunk 0. */
  private static RawStreamCall openWithOneResult(ManagedChannel channel) throws Exception {
    RawStreamCall call = RawStreamCall.open(channel, GAIN);
    call.chunk(0, new float[4800], 0);
    call.awaitResponses(2);
    return call;
  }
}
