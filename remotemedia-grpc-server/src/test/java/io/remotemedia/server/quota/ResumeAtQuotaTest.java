package io.remotemedia.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.StreamSettings;
import io.remotemedia.server.logging.ClientNameLookup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
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
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}}]}
      """);
  private static final AudioFormat MONO_8K = AudioFormat.f32(8000, 1);

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
    Raw finished = Raw.open(channel);
    finished.chunk(0);
    finished.awaitResponses(2);
    finished.requests.onNext(StreamWire.close());
    finished.requests.onCompleted();
    finished.end.get(20, TimeUnit.SECONDS);
    awaitCounts(0, 0);
    Raw other = Raw.open(channel);
    awaitCounts(1, 0);

    Raw resume = Raw.resume(channel, finished.token(), 0);

    StatusRuntimeException error = resume.error();
    assertThat(error.getStatus().getCode()).as("%s, after %s", error.getStatus(),
        resume.kinds()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(resume.kinds()).as("nothing replayed to a refused resume").isEmpty();
    awaitCounts(1, 0);
    other.cancel();
    awaitCounts(0, 0);
  }

  /** A waiting call that the client cancels before its first message gives back its count. */
  @Test
  void waitingCall_cancelledBeforeItsFirstMessage_isNoLongerCounted() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    Raw open = Raw.open(channel);
    Raw waiting = Raw.start(channel);
    awaitCounts(1, 1);

    waiting.cancel();

    awaitCounts(1, 0);
    open.cancel();
    awaitCounts(0, 0);
  }

  /** A waiting call that sends nothing ends at the idle timeout and gives back its count. */
  @Test
  void waitingCall_thatSendsNothing_endsAtTheIdleTimeout() throws Exception {
    start(1, new StreamSettings(500, StreamSettings.DEFAULT_MAX_SESSION_MS));
    ManagedChannel channel = channel();
    Raw open = Raw.start(channel);
    open.requests.onNext(openMessage());
    Raw waiting = Raw.start(channel);
    awaitCounts(1, 1);

    assertThat(waiting.error().getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    assertThat(open.error().getStatus().getCode()).as("the open one, idle as well")
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    awaitCounts(0, 0);
  }

  /** A waiting call past its deadline gives back its count. */
  @Test
  void waitingCall_pastItsDeadline_isNoLongerCounted() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    Raw open = Raw.open(channel);
    Raw waiting = Raw.start(channel, 300);

    assertThat(waiting.error().getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    awaitCounts(1, 0);
    open.cancel();
    awaitCounts(0, 0);
  }

  /** A waiting call's resume of a token nobody holds is NOT_FOUND and gives back its count. */
  @Test
  void waitingCall_resumingAnUnknownToken_isNotFound_andNoLongerCounted() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    Raw open = Raw.open(channel);

    Raw resume = Raw.resume(channel, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0);

    assertThat(resume.error().getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    awaitCounts(1, 0);
    // The open stream still holds the place: a new stream waits, and its open is refused.
    Raw another = Raw.start(channel);
    another.requests.onNext(openMessage());
    assertThat(another.error().getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    awaitCounts(1, 0);
    open.cancel();
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
    Raw old = Raw.open(channel);
    old.chunk(0);
    old.awaitResponses(2);

    Raw resumed = Raw.resume(channel(), old.token(), 1);
    resumed.awaitResponses(1);
    assertThat(resumed.responses.get(0).hasResumed()).isTrue();
    assertThat(old.error().getStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
    awaitCounts(1, 0);

    resumed.cancel();
    awaitCounts(0, 0);

    Raw again = Raw.resume(channel(), old.token(), 1);
    again.awaitResponses(1);
    assertThat(again.responses.get(0).hasResumed()).isTrue();
    awaitCounts(1, 0);
    again.requests.onNext(StreamWire.close());
    again.requests.onCompleted();
    again.end.get(20, TimeUnit.SECONDS);
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
    Raw old = Raw.open(channel);
    old.chunk(0);
    old.awaitResponses(2);
    Raw other = Raw.open(channel);
    awaitCounts(2, 0);
    // A third stream takes the place the takeover frees, before the resume asks for it: the
    // client's first waiting call sends open once the old call is gone.
    Raw waitingOpen = Raw.start(channel);
    awaitCounts(2, 1);
    old.cancel();
    awaitCounts(1, 1);
    waitingOpen.requests.onNext(openMessage());
    waitingOpen.awaitResponses(1);
    awaitCounts(2, 0);

    Raw refused = Raw.resume(channel(), old.token(), 1);

    assertThat(refused.error().getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.responses).isEmpty();
    awaitCounts(2, 0);
    other.cancel();
    awaitCounts(1, 0);
    Raw later = Raw.resume(channel(), old.token(), 1);
    later.awaitResponses(1);
    assertThat(later.responses.get(0).hasResumed()).isTrue();
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
    Raw old = Raw.open(channel);
    old.chunk(0);
    old.awaitResponses(2);
    Raw other = Raw.open(channel);
    awaitCounts(2, 0);

    Raw a = Raw.start(channel());
    Raw b = Raw.start(channel());
    awaitCounts(2, 2);
    StreamRequest resume = StreamWire.resume(old.token(), 1, ProtocolVersions.CURRENT);
    a.requests.onNext(resume);
    b.requests.onNext(resume);
    Await.until("one resume is ended", 20, () -> a.end.isDone() || b.end.isDone());
    Raw alive = a.end.isDone() ? b : a;
    Raw ended = alive == a ? b : a;
    alive.awaitResponses(1);

    assertThat(ended.error().getStatus().getCode()).isIn(Status.Code.CANCELLED,
        Status.Code.RESOURCE_EXHAUSTED);
    assertThat(alive.responses.get(0).hasResumed()).isTrue();
    awaitCounts(2, 0);
    alive.cancel();
    other.cancel();
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
    Raw open = Raw.open(channel);
    Raw waiting = Raw.start(channel);
    awaitCounts(1, 1);

    quotas.update(new QuotaPolicy(new QuotaLimits(0, 2, 0), Map.of()));
    waiting.requests.onNext(openMessage());
    waiting.awaitResponses(1);
    assertThat(waiting.responses.get(0).hasReady()).isTrue();
    awaitCounts(2, 0);

    Raw third = Raw.start(channel);
    awaitCounts(2, 1);
    quotas.update(new QuotaPolicy(new QuotaLimits(0, 1, 0), Map.of()));
    open.cancel();
    third.requests.onNext(openMessage());
    assertThat(third.error().getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    awaitCounts(1, 0);
    waiting.cancel();
    awaitCounts(0, 0);
  }

  /** The server stopping while a call waits: the waiting call ends and holds nothing. */
  @Test
  void serverShutdown_whileACallWaits_endsIt_andHoldsNothing() throws Exception {
    start(1, StreamSettings.defaults());
    ManagedChannel channel = channel();
    Raw.open(channel);
    Raw waiting = Raw.start(channel);
    awaitCounts(1, 1);

    server.shutdown(Duration.ofMillis(300));
    server = null;

    waiting.end.handle((ok, error) -> null).get(20, TimeUnit.SECONDS);
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

  private static StreamRequest openMessage() {
    return StreamWire.open(OpenStreamRequest.of(GAIN, MONO_8K), ProtocolVersions.CURRENT, true);
  }

  /** A raw StreamPipeline call, recording what the server sends. */
  private static final class Raw {
    final List<StreamResponse> responses = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> end = new CompletableFuture<>();
    ClientCallStreamObserver<StreamRequest> requests;

    static Raw start(ManagedChannel channel) {
      return start(channel, 0);
    }

    static Raw start(ManagedChannel channel, long deadlineMs) {
      Raw call = new Raw();
      PipelineServiceGrpc.PipelineServiceStub stub = PipelineServiceGrpc.newStub(channel);
      if (deadlineMs > 0) {
        stub = stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
      }
      stub.streamPipeline(new ClientResponseObserver<StreamRequest, StreamResponse>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<StreamRequest> requests) {
          call.requests = requests;
        }

        @Override
        public void onNext(StreamResponse response) {
          call.responses.add(response);
        }

        @Override
        public void onError(Throwable t) {
          call.end.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          call.end.complete(null);
        }
      });
      return call;
    }

    /** Opens a resumable stream and waits for {@code ready}. */
    static Raw open(ManagedChannel channel) throws Exception {
      Raw call = start(channel);
      call.requests.onNext(openMessage());
      call.awaitResponses(1);
      assertThat(call.responses.get(0).getReady().getResumeToken()).isNotEmpty();
      return call;
    }

    static Raw resume(ManagedChannel channel, String token, long resultsReceived) {
      Raw call = start(channel);
      call.requests.onNext(StreamWire.resume(token, resultsReceived, ProtocolVersions.CURRENT));
      return call;
    }

    String token() {
      return responses.get(0).getReady().getResumeToken();
    }

    void chunk(long sequence) {
      requests.onNext(StreamWire.chunk(sequence, AudioBuffer.of(MONO_8K, new float[800]),
          sequence));
    }

    void cancel() {
      requests.cancel("connection lost", null);
    }

    void awaitResponses(int count) throws Exception {
      Await.until(count + " responses", 20, () -> {
        if (end.isCompletedExceptionally()) {
          throw new AssertionError("the call failed: " + error());
        }
        return responses.size() >= count;
      });
    }

    StatusRuntimeException error() throws Exception {
      try {
        end.get(20, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        return (StatusRuntimeException) e.getCause();
      }
      throw new AssertionError("the call ended without an error, after " + kinds());
    }

    /** The kinds of the responses so far, for a failure's message. */
    List<StreamResponse.KindCase> kinds() {
      return responses.stream().map(StreamResponse::getKindCase).toList();
    }
  }
}
