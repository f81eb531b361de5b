package io.remotemedia.server.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.server.logging.ClientNameLookup;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientQuotasTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void start_pastConcurrentCalls_isRefusedNamingTheQuotaAndFreedByClose() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(2, 0, 0)), clock);
    ClientQuotaState alice = quotas.forClient("alice");
    QuotaPermit first = alice.start(false);
    alice.start(false);

    assertThatThrownBy(() -> alice.start(false))
        .isInstanceOfSatisfying(QuotaRefusal.class, refusal -> {
          assertThat(refusal.quota()).isEqualTo(Quota.CONCURRENT_CALLS);
          assertThat(refusal.error().kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
          assertThat(refusal.error().limit())
              .contains(new LimitViolation("concurrent_calls", 2, 3));
          assertThat(refusal.error().retryAfterMs())
              .isEqualTo(ClientQuotaState.CALL_RETRY_AFTER_MS);
          assertThat(refusal.error().getMessage()).isEqualTo("quota exceeded: client \"alice\""
              + " may have 2 unary calls in progress at once (concurrent_calls) and has 2;"
              + " retry after 250 ms");
        });
    assertThat(alice.callsInProgress()).isEqualTo(2);

    first.close();
    first.close(); // a second close (another way the same call ended) gives back nothing more

    assertThat(alice.callsInProgress()).isEqualTo(1);
    alice.start(false);
    assertThat(alice.callsInProgress()).isEqualTo(2);
  }

  @Test
  void start_streamsAndCalls_countApart() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(1, 1, 0)), clock);
    ClientQuotaState alice = quotas.forClient("alice");

    alice.start(false);
    alice.start(true);

    assertThatThrownBy(() -> alice.start(true))
        .isInstanceOfSatisfying(QuotaRefusal.class, refusal -> {
          assertThat(refusal.quota()).isEqualTo(Quota.OPEN_STREAMS);
          assertThat(refusal.error().limit()).contains(new LimitViolation("open_streams", 1, 2));
          assertThat(refusal.error().retryAfterMs())
              .isEqualTo(ClientQuotaState.STREAM_RETRY_AFTER_MS);
        });
    assertThat(alice.streamsOpen()).isEqualTo(1);
  }

  @Test
  void awaitedStreamPlaces_areBoundedByTheQuota_takenWhenFree_andGivenBackOnce() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(0, 2, 0)), clock);
    ClientQuotaState alice = quotas.forClient("alice");
    QuotaPermit open = alice.start(true);
    alice.start(true);
    QuotaRefusal refused = catchRefusal(() -> alice.start(true));

    CallPlace first = CallPlace.awaited(alice, alice.awaitStreamPlace(refused));
    CallPlace second = CallPlace.awaited(alice, alice.awaitStreamPlace(refused));
    assertThat(catchRefusal(() -> alice.awaitStreamPlace(refused))).isSameAs(refused);
    assertThat(alice.streamsAwaitingPlace()).isEqualTo(2);

    assertThat(catchRefusal(first::take).quota()).isEqualTo(Quota.OPEN_STREAMS);
    assertThat(first.isAwaited()).isTrue();
    open.close(); // as a resume's takeover ends the old call
    first.take();
    first.take(); // it has its place: nothing more is taken

    assertThat(first.isAwaited()).isFalse();
    assertThat(alice.streamsOpen()).isEqualTo(2);
    assertThat(alice.streamsAwaitingPlace()).isEqualTo(1);
    first.release();
    first.release();
    second.release();
    assertThat(alice.streamsOpen()).isEqualTo(1);
    assertThat(alice.streamsAwaitingPlace()).isZero();
    second.take(); // ended: takes nothing
    assertThat(alice.streamsOpen()).isEqualTo(1);
  }

  @Test
  void awaitStreamPlace_afterAReloadToNoLimit_letsTheStreamWait() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(0, 1, 0)), clock);
    ClientQuotaState alice = quotas.forClient("alice");
    alice.start(true);
    QuotaRefusal refused = catchRefusal(() -> alice.start(true));

    quotas.update(policy(new QuotaLimits(0, 0, 0)));
    CallPlace place = CallPlace.awaited(alice, alice.awaitStreamPlace(refused));
    place.take();

    assertThat(place.isAwaited()).isFalse();
    assertThat(alice.streamsOpen()).isEqualTo(2);
  }

  @Test
  void clients_haveTheirOwnState() {
    ClientQuotas quotas = ClientQuotas.create(new QuotaPolicy(new QuotaLimits(1, 0, 0),
        Map.of("batch", new QuotaLimits(3, 0, 0))), clock);

    quotas.forClient("alice").start(false);
    quotas.forClient("batch").start(false);
    quotas.forClient("batch").start(false);
    quotas.forClient("batch").start(false);

    assertThatThrownBy(() -> quotas.forClient("alice").start(false))
        .isInstanceOf(QuotaRefusal.class);
    assertThatThrownBy(() -> quotas.forClient("batch").start(false))
        .isInstanceOf(QuotaRefusal.class);
    // bob has his own place, whatever alice and batch do.
    quotas.forClient("bob").start(false);
  }

  @Test
  void chargeAudio_pastTheBucket_isRefusedWithWhenToRetry() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(0, 0, 6)), clock);
    ClientQuotaState alice = quotas.forClient("alice");
    alice.chargeAudio(5.0);

    assertThatThrownBy(() -> alice.chargeAudio(3.0))
        .isInstanceOfSatisfying(QuotaRefusal.class, refusal -> {
          assertThat(refusal.quota()).isEqualTo(Quota.AUDIO_SECONDS_PER_MINUTE);
          assertThat(refusal.error().limit())
              .contains(new LimitViolation("audio_seconds_per_minute", 6, 8));
          // 2 s missing at 6 s per minute: 20 s.
          assertThat(refusal.error().retryAfterMs()).isEqualTo(20_000);
        });

    clock.advance(Duration.ofSeconds(20));
    alice.chargeAudio(3.0);
  }

  @Test
  void chargeAudio_moreThanAMinutesQuota_canNeverFit() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(0, 0, 6)), clock);

    assertThatThrownBy(() -> quotas.forClient("alice").chargeAudio(7.5))
        .isInstanceOfSatisfying(QuotaRefusal.class, refusal -> {
          assertThat(refusal.error().retryAfterMs()).isZero();
          assertThat(refusal.error().getMessage()).contains("7.500 s can never fit: split it");
        });
  }

  @Test
  void chargeAudio_refusedInAGermanDefaultLocale_writesTheSecondsWithAPoint() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(0, 0, 6)), clock);
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThatThrownBy(() -> quotas.forClient("alice").chargeAudio(7.25))
          .isInstanceOfSatisfying(QuotaRefusal.class, refusal -> assertThat(
              refusal.error().getMessage()).contains("this request's 7.250 s can never fit"));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void update_appliesNewQuotasToClientsWithCallsInProgress() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(3, 0, 60)), clock);
    ClientQuotaState alice = quotas.forClient("alice");
    QuotaPermit one = alice.start(false);
    QuotaPermit two = alice.start(false);
    alice.chargeAudio(50);

    quotas.update(new QuotaPolicy(new QuotaLimits(3, 0, 60),
        Map.of("alice", new QuotaLimits(1, 0, 30))));

    // Lowered below what is in progress: refused until enough calls end.
    assertThatThrownBy(() -> alice.start(false)).isInstanceOf(QuotaRefusal.class);
    one.close();
    assertThatThrownBy(() -> alice.start(false)).isInstanceOf(QuotaRefusal.class);
    two.close();
    alice.start(false);
    // The 50 s used this minute count against the new 30 s quota.
    assertThatThrownBy(() -> alice.chargeAudio(1)).isInstanceOf(QuotaRefusal.class);
    assertThat(quotas.policy().limitsFor("alice")).isEqualTo(new QuotaLimits(1, 0, 30));

    quotas.update(QuotaPolicy.UNLIMITED);

    alice.start(false);
    alice.start(false);
    alice.chargeAudio(1_000);
  }

  @Test
  void retainClients_forgetsClientsNoLongerInTheTokensFile() {
    ClientQuotas quotas = ClientQuotas.create(policy(new QuotaLimits(1, 0, 0)), clock);
    QuotaPermit removed = quotas.forClient("mallory").start(false);
    quotas.forClient("alice");
    quotas.forClient(ClientNameLookup.ANONYMOUS);

    quotas.retainClients(List.of("alice", "bob"));

    assertThat(quotas.clientsWithState()).containsExactlyInAnyOrder("alice",
        ClientNameLookup.ANONYMOUS);
    removed.close(); // the call in progress ends normally
  }

  private static QuotaPolicy policy(QuotaLimits defaults) {
    return new QuotaPolicy(defaults, Map.of());
  }

  private static QuotaRefusal catchRefusal(Runnable action) {
    try {
      action.run();
    } catch (QuotaRefusal refusal) {
      return refusal;
    }
    throw new AssertionError("not refused");
  }
}
