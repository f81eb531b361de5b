package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.pipeline.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endings of a stream session at a drain or a stop: DRAINING, telling the client what next. */
class DrainEndingsTest {
  @Test
  void everyEnding_isDrainingAndSendsTheClientToAnotherReplica() {
    assertThat(List.of(DrainEndings.unopened(), DrainEndings.graceRanOut(300),
        DrainEndings.serverStopped())).allSatisfy(ending -> {
          assertThat(ending.kind()).isEqualTo(ErrorKind.DRAINING);
          assertThat(ending.getMessage()).endsWith("another replica if there is one");
        });
  }

  @Test
  void graceRanOut_namesTheGracePeriod() {
    assertThat(DrainEndings.graceRanOut(/* graceMs= */ 300).getMessage()).isEqualTo(
        "the server is shutting down and its grace period of 300 ms has run out; reopen the"
            + " stream, on another replica if there is one");
  }

  @Test
  void unopened_saysTheStreamSentNoFirstMessage() {
    assertThat(DrainEndings.unopened().getMessage())
        .contains("had not sent its first message (open or resume)");
  }
}
