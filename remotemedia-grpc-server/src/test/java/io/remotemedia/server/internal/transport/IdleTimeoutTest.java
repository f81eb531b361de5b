package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;

/** A stream session's idle timeout, without a session: when it runs out and when it looks again. */
class IdleTimeoutTest {
  private final IdleTimeout timeout = new IdleTimeout(/* timeoutMs= */ 200);

  @Test
  void ranOut_idleForTheWholeTimeout_isTrueFromTheTimeoutOn() {
    assertThat(timeout.ranOut(/* idleMs= */ 199, /* busy= */ false)).isFalse();
    assertThat(timeout.ranOut(/* idleMs= */ 200, /* busy= */ false)).isTrue();
    assertThat(timeout.ranOut(/* idleMs= */ 5_000, /* busy= */ false)).isTrue();
  }

  @Test
  void ranOut_whileAStepRuns_isFalse() {
    assertThat(timeout.ranOut(/* idleMs= */ 5_000, /* busy= */ true)).isFalse();
  }

  @Test
  void nextCheckMs_ofAnIdleSession_isWhenTheTimeoutWouldRunOut() {
    assertThat(timeout.nextCheckMs(/* idleMs= */ 0, /* busy= */ false)).isEqualTo(200);
    assertThat(timeout.nextCheckMs(/* idleMs= */ 150, /* busy= */ false)).isEqualTo(50);
  }

  @Test
  void nextCheckMs_pastTheTimeout_isAtLeastOneMs() {
    assertThat(timeout.nextCheckMs(/* idleMs= */ 200, /* busy= */ false)).isEqualTo(1);
    assertThat(timeout.nextCheckMs(/* idleMs= */ 900, /* busy= */ false)).isEqualTo(1);
  }

  @Test
  void nextCheckMs_whileAStepRuns_isAWholeTimeoutLater() {
    assertThat(timeout.nextCheckMs(/* idleMs= */ 150, /* busy= */ true)).isEqualTo(200);
  }

  @Test
  void ending_namesTheSessionTheIdleTimeAndTheTimeout() {
    PipelineException ending = timeout.ending("stream s-1", /* idleMs= */ 212);

    assertThat(ending.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(ending.getMessage()).isEqualTo("stream s-1 was idle for 212 ms: no message from"
        + " the client and no result read within the idle timeout of 200 ms");
  }
}
