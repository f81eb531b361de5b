package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamClosed;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resumable session's deadline timer leaves the SDK's timer queue once the session ends,
 * however it ends: a long-lived client that makes many such calls with a long deadline (or
 * none: about 292 years) would otherwise queue one task per call until its deadline. So does
 * the reset that follows the cancel message of a session whose deadline passed, which waits
 * for the server's resume window, once the server has ended the call. The timer is a private
 * detail of the SDK, so the test reads its queue by reflection and counts the tasks due around
 * this test's deadline (or resume window), which no other test uses.
 */
class StreamTimersReleaseTest {
  private static final AudioFormat FORMAT = AudioFormat.f32(8000, 1);
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
      """);
  /** Far longer than the test, and than any other test's: its timers are told apart by it. */
  private static final Duration DEADLINE = Duration.ofHours(7);

  private Server server;
  private RemoteMediaClient client;

  @AfterEach
  void stop() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void executeStreamed_interruptedWhileOpening_leavesNoTimerQueued() throws Exception {
    ResumableService service = new ResumableService(/* answerOpen= */ false);
    start(service);
    AtomicReference<RemoteMediaException> failure = new AtomicReference<>();
    Thread caller = new Thread(() -> failure.set(catchThrowableOfType(
        RemoteMediaException.class, () -> client.executeStreamed(request()))));
    caller.start();
    assertThat(service.openReceived.await(30, TimeUnit.SECONDS)).as("open received").isTrue();
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(caller.isAlive()).as("the caller returned").isFalse();
    assertThat(failure.get().code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(service.callEnded.get(10, TimeUnit.SECONDS).getCode())
        .as("how the server saw the call end").isEqualTo(Status.Code.CANCELLED);
    assertNoDeadlineTimerQueued();
  }

  @Test
  void open_notAnsweredBeforeItsTimeout_leavesNoTimerQueued() throws Exception {
    // Connected first: the open is to reach the server before its timeout.
    ResumableService service = startConnected(/* answerOpen= */ false);
    StreamOptions options = resumable(/* openTimeout= */ Duration.ofSeconds(1),
        Deadline.after(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    CompletableFuture<RemoteMediaException> heard = new CompletableFuture<>();
    StreamListener listener = new StreamListener() {
      @Override
      public void onResult(StreamResult result) {}

      @Override
      public void onError(RemoteMediaException error) {
        heard.complete(error);
      }
    };
    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> RemoteStreamSession.open(client.channel(), OpenStreamRequest.of(GAIN, FORMAT),
            listener, options, ProtocolFeature.RESUMABLE_STREAMS.version()));
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);

    // The session ended with the failure the caller got, not with its call's cancel after.
    assertThat(heard.get(10, TimeUnit.SECONDS)).as("the listener's failure").isSameAs(e);
    assertThat(service.openReceived.getCount()).as("opens not received").isZero();
    assertThat(service.callEnded.get(10, TimeUnit.SECONDS).getCode())
        .as("how the server saw the call end").isEqualTo(Status.Code.CANCELLED);
    assertNoDeadlineTimerQueued();
  }

  @Test
  void executeStreamed_thatSucceeded_leavesNoTimerQueued() throws Exception {
    start(new ResumableService(/* answerOpen= */ true));
    assertThat(client.executeStreamed(request()).audio("gain").frameCount()).isEqualTo(800);

    assertNoDeadlineTimerQueued();
  }

  @Test
  void session_pastItsDeadline_leavesNoResetQueuedOnceTheServerEndedItsCall() throws Exception {
    // Connected first: the open is to be answered well before the deadline.
    ResumableService service = startConnected(/* answerOpen= */ true);
    StreamOptions options = resumable(/* openTimeout= */ Duration.ofSeconds(30),
        Deadline.after(2, TimeUnit.SECONDS));
    RemoteStreamSession session = RemoteStreamSession.open(client.channel(),
        OpenStreamRequest.of(GAIN, FORMAT), null, options,
        ProtocolFeature.RESUMABLE_STREAMS.version());

    assertThat(service.cancelReceived.await(30, TimeUnit.SECONDS))
        .as("the cancel message that the deadline sent").isTrue();
    assertThat(session.ended()).isCompletedExceptionally();
    // The reset would wait for the resume window, which is the test's deadline.
    assertNoDeadlineTimerQueued();
  }

  /**
   * Asserts that no task due around this test's deadline stays in the timer's queue. The
   * session ends on the call's thread as the call returns, which may be a moment after.
   */
  private static void assertNoDeadlineTimerQueued() throws Exception {
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (deadlineTimersQueued() > 0 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
    assertThat(deadlineTimersQueued()).as("deadline timers still queued").isZero();
  }

  private static long deadlineTimersQueued() throws ReflectiveOperationException {
    Field field = SdkTimer.class.getDeclaredField("TIMER");
    field.setAccessible(true);
    ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) field.get(null);
    return timer.getQueue().stream()
        .filter(task -> ((Delayed) task).getDelay(TimeUnit.HOURS) >= DEADLINE.toHours() - 1)
        .count();
  }

  /** {@return a started {@code ResumableService}, to which the client has connected} */
  private ResumableService startConnected(boolean answerOpen) throws Exception {
    ResumableService service = new ResumableService(answerOpen);
    start(service);
    assertThat(client.serverInfo().compatible()).isTrue();
    return service;
  }

  private static StreamOptions resumable(Duration openTimeout, Deadline deadline) {
    return new StreamOptions(4, openTimeout, /* resumable= */ true, StreamConnectionListener.NONE)
        .withCallDeadline(deadline);
  }

  private void start(ResumableService service) throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service).build().start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort())
        .resumeStreams(true).deadline(DEADLINE).build();
  }

  private static ExecutionRequest request() {
    return ExecutionRequest.of(GAIN, "gain", AudioBuffer.of(FORMAT, new float[800]));
  }

  /**
   * Serves protocol v1.1 and resumable streams: answers each open with {@code ready} (its
   * resume window the test's deadline), unless told not to, each chunk with its audio, {@code
   * close} with {@code closed}, and the half-close (after {@code cancel} too) by ending the
   * call.
   */
  private static final class ResumableService
      extends PipelineServiceGrpc.PipelineServiceImplBase {
    final CountDownLatch openReceived = new CountDownLatch(1);
    final CountDownLatch cancelReceived = new CountDownLatch(1);
    /** How the first stream ended when the client ended it. */
    final CompletableFuture<Status> callEnded = new CompletableFuture<>();
    private final boolean answerOpen;

    ResumableService(boolean answerOpen) {
      this.answerOpen = answerOpen;
    }

    @Override
    public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
      ResumableServerVersion.answer(response);
    }

    @Override
    public StreamObserver<StreamRequest> streamPipeline(StreamObserver<StreamResponse> response) {
      return ScriptedStreamCall.of(response, (request, out) -> {
        if (request.hasOpen()) {
          openReceived.countDown();
          if (answerOpen) {
            out.onNext(ScriptedStreamCall.resumableReady(DEADLINE.toMillis()));
          }
        } else if (request.hasChunk()) {
          out.onNext(StreamResponse.newBuilder().setResult(io.remotemedia.proto.StreamResult
              .newBuilder().setSequence(request.getChunk().getSequence())
              .putAudioOutputs("gain", request.getChunk().getAudio())).build());
        } else if (request.hasClose()) {
          out.onNext(StreamResponse.newBuilder()
              .setClosed(StreamClosed.getDefaultInstance()).build());
        } else if (request.hasCancel()) {
          cancelReceived.countDown();
        }
      }, t -> callEnded.complete(Status.fromThrowable(t)));
    }
  }
}
