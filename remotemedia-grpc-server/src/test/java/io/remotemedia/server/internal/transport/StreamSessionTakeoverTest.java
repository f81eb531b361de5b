package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.ChunkThread;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.StreamSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resume that takes over a call the server still thinks alive keeps the session for a moment
 * (the old call ends first, to give back its quota place): if the resume then does not go on,
 * the session stays kept only within its client's limit of kept sessions.
 */
class StreamSessionTakeoverTest {
  private static final OpenStreamRequest OPEN = OpenStreamRequest.of(new ManifestParser().parse(
      """
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """), AudioFormat.f32(16_000, 1));
  private static final StreamSettings SETTINGS =
      new StreamSettings(60_000, 60_000, ChunkThread.WORKERS).withResume(30_000, 1 << 20);

  private final LocalPipelineRunner runner = LocalPipelineRunner.create();
  private final WorkerPool workers = new WorkerPool("test-worker-");
  private final StreamRegistry registry = new StreamRegistry();

  @AfterEach
  void tearDown() {
    workers.shutdownNow();
    registry.shutdown();
  }

  @Test
  void takeoverRefusedAPlace_byAClientAtItsKeptLimit_endsTheSession() throws Exception {
    registry.limitKeptPerClient(client -> 1);
    RecordingCall brokenCall = new RecordingCall();
    StreamCall broken = opened(brokenCall);
    broken.onError(Status.CANCELLED.asRuntimeException()); // kept: the client's one
    assertThat(registry.keptCount()).isEqualTo(1);
    RecordingCall liveCall = new RecordingCall();
    opened(liveCall);
    String liveToken = liveCall.responses.get(0).getReady().getResumeToken();

    RecordingCall refusedCall = resumedWithoutAPlace(liveToken);

    assertThat(codeOf(liveCall)).as("the call taken over").isEqualTo(Status.Code.CANCELLED);
    assertThat(codeOf(refusedCall)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(registry.keptCount()).as("only the first broken session").isEqualTo(1);
    RecordingCall lateCall = new RecordingCall();
    started(lateCall).onNext(resume(liveToken));
    assertThat(codeOf(lateCall)).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void takeoverRefusedAPlace_withinTheKeptLimit_keepsTheSessionForALaterResume()
      throws Exception {
    registry.limitKeptPerClient(client -> 1);
    RecordingCall liveCall = new RecordingCall();
    opened(liveCall);
    String liveToken = liveCall.responses.get(0).getReady().getResumeToken();

    RecordingCall refusedCall = resumedWithoutAPlace(liveToken);

    assertThat(codeOf(refusedCall)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(registry.keptCount()).isEqualTo(1);
    RecordingCall lateCall = new RecordingCall();
    started(lateCall).onNext(resume(liveToken));
    assertThat(lateCall.ready.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(lateCall.responses.get(0).hasResumed()).isTrue();
    assertThat(registry.keptCount()).isZero();
  }

  @Test
  void takeover_ofACallWhoseTrailersWait_keepsItsWindowCounted_andTheNewCallReservesItsOwn()
      throws Exception {
    // The old call's client reads nothing: the status the takeover sends it waits, and so do
    // the chunks it sent ahead. Its window went on to the new call, and the old one's memory
    // was counted nowhere (found reviewing the change that keeps windows until streams end).
    RecordingCall stuckCall = new RecordingCall() {
      @Override
      public void onError(Throwable t) {
        error.complete((StatusRuntimeException) t); // its trailers are never written
      }
    };
    opened(stuckCall);
    String token = stuckCall.responses.get(0).getReady().getResumeToken();
    long oneStream = runner.memory().usedBytes();

    RecordingCall nextCall = new RecordingCall();
    started(nextCall).onNext(resume(token));

    assertThat(nextCall.ready.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(nextCall.responses.get(0).hasResumed()).isTrue();
    assertThat(codeOf(stuckCall)).isEqualTo(Status.Code.CANCELLED);
    assertThat(runner.memory().usedBytes()).as("both calls' windows")
        .isGreaterThanOrEqualTo(oneStream + 2L * ServerSettings.DEFAULT_FLOW_CONTROL_WINDOW_BYTES);
  }

  /** Resumes {@code token} on a new call whose quota refuses it a place (ResumeAdmission). */
  private RecordingCall resumedWithoutAPlace(String token) {
    RecordingCall call = new RecordingCall();
    Context.current().withValue(ResumeAdmission.KEY, () -> {
      throw PipelineException.of(ErrorKind.QUOTA_EXCEEDED, "no place");
    }).run(() -> started(call).onNext(resume(token)));
    return call;
  }

  private StreamCall started(RecordingCall call) {
    StreamSession session = new StreamSession(call, "alice", runner, workers, registry,
        SETTINGS, EncodedAudioCodec.MAX_DECODED_SAMPLES, runner.memory(),
        ServerSettings.DEFAULT_FLOW_CONTROL_WINDOW_BYTES);
    return session.start();
  }

  /**
   * {@return the observer of {@code call}, whose session opened resumable, once it has answered
   * ready}
   */
  private StreamCall opened(RecordingCall call) throws Exception {
    StreamCall messages = started(call);
    StreamRequest open = StreamWire.open(OPEN, ProtocolVersions.CURRENT);
    messages.onNext(open.toBuilder().setOpen(open.getOpen().toBuilder().setResumable(true))
        .build());
    assertThat(call.ready.await(10, TimeUnit.SECONDS)).as("ready").isTrue();
    return messages;
  }

  private static StreamRequest resume(String token) {
    return StreamWire.resume(token, 0, ProtocolVersions.CURRENT);
  }

  private static Status.Code codeOf(RecordingCall call) throws Exception {
    StatusRuntimeException error = call.error.get(10, TimeUnit.SECONDS);
    return error.getStatus().getCode();
  }
}
