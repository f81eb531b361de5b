package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.proto.StreamClosed;
import io.remotemedia.proto.StreamResponse;
import org.junit.jupiter.api.Test;

/**
 * The end of a stream after close, without a session: {@code closed} leaves only once both the
 * pipeline has finished and the client has half-closed, in either order.
 */
class CloseHandshakeTest {
  private static final StreamResponse CLOSED =
      StreamResponse.newBuilder().setClosed(StreamClosed.getDefaultInstance()).build();

  private final CloseHandshake close = new CloseHandshake();

  @Test
  void pipelineClosed_beforeTheHalfClose_waitsForIt() {
    assertThat(close.pipelineClosed(CLOSED)).as("sent at once").isFalse();

    assertThat(close.clientHalfClosed()).as("sent at the half-close").isTrue();
    assertThat(close.closed()).isSameAs(CLOSED);
  }

  @Test
  void clientHalfClosed_beforeThePipelineFinished_waitsForIt() {
    assertThat(close.closed()).isNull();
    assertThat(close.clientHalfClosed()).as("sent without closed").isFalse();

    assertThat(close.pipelineClosed(CLOSED)).as("sent when the pipeline finished").isTrue();
  }

  @Test
  void newCall_afterTheOldCallHalfClosed_waitsForTheNewCallsHalfClose() {
    close.clientHalfClosed();

    close.newCall();

    assertThat(close.pipelineClosed(CLOSED)).isFalse();
    assertThat(close.clientHalfClosed()).isTrue();
  }

  @Test
  void forget_dropsTheClosedMessage() {
    close.pipelineClosed(CLOSED);

    close.forget();

    assertThat(close.closed()).isNull();
    assertThat(close.clientHalfClosed()).as("nothing left to send").isFalse();
  }
}
