package io.remotemedia.pipeline.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionControllerTest {

  @Test
  void acquire_pastSlotsAndQueue_isBusyWithARetryHint() throws Exception {
    AdmissionController admission = new AdmissionController(1, 1);
    AdmissionController.Permit held = admission.acquire(1000);
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<AdmissionController.Permit> queued = CompletableFuture.supplyAsync(() -> {
      waiting.countDown();
      return admission.acquire(10_000);
    });
    waiting.await();
    while (admission.waiting() == 0) {
      Thread.onSpinWait();
    }

    assertThatThrownBy(() -> admission.acquire(10_000))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
          assertThat(e.retryAfterMs()).isPositive();
          assertThat(e.getMessage()).startsWith("the runner is at capacity: all 1 execution"
              + " slots are busy and 1 requests are already waiting; retry after");
        });

    held.close();
    queued.get(10, TimeUnit.SECONDS).close();
    assertThat(admission.active()).isZero();
    assertThat(admission.waiting()).isZero();
  }

  @Test
  void acquire_waitRunsOut_isBusy() {
    AdmissionController admission = new AdmissionController(1, 5);
    try (AdmissionController.Permit held = admission.acquire(0)) {
      assertThatThrownBy(() -> admission.acquire(20))
          .isInstanceOf(PipelineException.class)
          .hasMessageContaining("no execution slot freed up within 20 ms");
    }
    assertThat(admission.waiting()).isZero();
  }

  @Test
  void permit_closedTwice_returnsOneSlot() {
    AdmissionController admission = new AdmissionController(2, 0);
    AdmissionController.Permit permit = admission.acquire(0);
    permit.close();
    permit.close();

    try (AdmissionController.Permit a = admission.acquire(0);
        AdmissionController.Permit b = admission.acquire(0)) {
      assertThat(admission.active()).isEqualTo(2);
      assertThatThrownBy(() -> admission.acquire(0)).isInstanceOf(PipelineException.class);
    }
  }

  @Test
  void forStreams_pastTheOpenLimit_isBusyNamingStreamSlotsAndDoesNotQueue() {
    AdmissionController streams = AdmissionController.forStreams(2);
    try (AdmissionController.Permit a = streams.acquire(0);
        AdmissionController.Permit b = streams.acquire(0)) {
      assertThatThrownBy(() -> streams.acquire(10_000))
          .isInstanceOfSatisfying(PipelineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
            assertThat(e.getMessage())
                .startsWith("the runner is at capacity: all 2 stream slots are taken; retry");
          });
      assertThat(streams.maxConcurrent()).isEqualTo(2);
      assertThat(streams.maxQueued()).isZero();
      assertThat(streams.waiting()).isZero();
    }
    assertThatThrownBy(() -> AdmissionController.forStreams(0))
        .hasMessage("maxOpen must be >= 1, was 0");
  }

  @Test
  void constructor_badBounds_areRejected() {
    assertThatThrownBy(() -> new AdmissionController(0, 1))
        .hasMessage("maxConcurrent must be >= 1, was 0");
    assertThatThrownBy(() -> new AdmissionController(1, -1))
        .hasMessage("maxQueued must be >= 0, was -1");
  }
}
