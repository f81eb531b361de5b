package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.StreamCancel;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamClose;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The order of a stream's messages, without a session: which message each state takes, and
 * the error that ends the session for each one out of order (docs/streaming.md).
 */
class StreamMessageOrderTest {
  private static final StreamRequest OPEN =
      StreamRequest.newBuilder().setOpen(StreamOpen.getDefaultInstance()).build();
  private static final StreamRequest RESUME =
      StreamRequest.newBuilder().setResume(StreamResume.getDefaultInstance()).build();
  private static final StreamRequest CHUNK =
      StreamRequest.newBuilder().setChunk(StreamChunk.getDefaultInstance()).build();
  private static final StreamRequest CLOSE =
      StreamRequest.newBuilder().setClose(StreamClose.getDefaultInstance()).build();

  @Test
  void ending_firstMessage_takesOpenOrResumeOnly() {
    assertThat(StreamMessageOrder.ending(SessionState.AWAITING_OPEN, OPEN)).isNull();
    assertThat(StreamMessageOrder.ending(SessionState.AWAITING_OPEN, RESUME)).isNull();

    assertValidation(StreamMessageOrder.ending(SessionState.AWAITING_OPEN, CHUNK),
        "the first message of a stream must be open; got chunk");
    assertValidation(StreamMessageOrder.ending(SessionState.AWAITING_OPEN, CLOSE),
        "the first message of a stream must be open; got close");
  }

  @Test
  void ending_whileOpening_refusesEveryMessageAsOutOfOrder() {
    assertValidation(StreamMessageOrder.ending(SessionState.OPENING, OPEN),
        "open may be sent only once, as the first message");
    assertValidation(StreamMessageOrder.ending(SessionState.OPENING, RESUME),
        "resume may be sent only as the first message of a call");
    assertValidation(StreamMessageOrder.ending(SessionState.OPENING, CHUNK),
        "the first message of a stream must be open; got chunk");
  }

  @Test
  void ending_whileOpen_takesChunksAndClose() {
    assertThat(StreamMessageOrder.ending(SessionState.OPEN, CHUNK)).isNull();
    assertThat(StreamMessageOrder.ending(SessionState.OPEN, CLOSE)).isNull();

    assertValidation(StreamMessageOrder.ending(SessionState.OPEN, OPEN),
        "open may be sent only once, as the first message");
    assertValidation(StreamMessageOrder.ending(SessionState.OPEN, RESUME),
        "resume may be sent only as the first message of a call");
  }

  @Test
  void ending_afterClose_refusesChunkAndCloseAsClosing() {
    assertValidation(StreamMessageOrder.ending(SessionState.CLOSING, CHUNK),
        "chunk after close: the stream is closing");
    assertValidation(StreamMessageOrder.ending(SessionState.CLOSING, CLOSE),
        "close after close: the stream is closing");
  }

  @ParameterizedTest
  @EnumSource(value = SessionState.class, names = {"AWAITING_OPEN", "OPEN", "CLOSING"})
  void ending_cancel_endsTheSessionAsCancelledWithTheClientsReason(SessionState state) {
    StreamRequest cancel = StreamRequest.newBuilder()
        .setCancel(StreamCancel.newBuilder().setReason("user hung up")).build();
    StreamRequest bare = StreamRequest.newBuilder()
        .setCancel(StreamCancel.getDefaultInstance()).build();

    PipelineException withReason = StreamMessageOrder.ending(state, cancel);
    PipelineException withoutReason = StreamMessageOrder.ending(state, bare);

    assertThat(withReason.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(withReason.getMessage()).isEqualTo("stream cancelled by the client: user hung up");
    assertThat(withoutReason.getMessage()).isEqualTo("stream cancelled by the client");
  }

  @Test
  void ending_aMessageWithNoKind_endsTheSessionNamingTheKinds() {
    assertValidation(StreamMessageOrder.ending(SessionState.OPEN,
            StreamRequest.getDefaultInstance()),
        "a StreamRequest must set one of open, resume, chunk, close or cancel; this one set none");
  }

  @Test
  void halfCloseEnding_beforeClose_endsTheSessionSayingWhatWasMissing() {
    assertValidation(StreamMessageOrder.halfCloseEnding(SessionState.AWAITING_OPEN),
        "the client half-closed the stream before sending open");
    assertValidation(StreamMessageOrder.halfCloseEnding(SessionState.OPENING),
        "the client half-closed the stream without sending close or cancel");
    assertValidation(StreamMessageOrder.halfCloseEnding(SessionState.OPEN),
        "the client half-closed the stream without sending close or cancel");
  }

  @Test
  void halfCloseEnding_afterCloseOrOnceEnded_endsNothing() {
    assertThat(StreamMessageOrder.halfCloseEnding(SessionState.CLOSING)).isNull();
    assertThat(StreamMessageOrder.halfCloseEnding(SessionState.DONE)).isNull();
  }

  private static void assertValidation(PipelineException ending, String message) {
    assertThat(ending).isNotNull();
    assertThat(ending.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(ending.getMessage()).isEqualTo(message);
  }
}
