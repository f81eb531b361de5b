package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.StreamResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Reactive Streams rules the results' {@link Flow.Publisher} keeps for a {@code
 * request(n)} with n <= 0 (rule 3.9) and for a subscriber that throws (rule 2.13), against a
 * {@link StalledStreamService} in process.
 */
class ResultPublisherTest {
  private final StalledStreamService server = new StalledStreamService();
  private final RecordingSubscriber subscriber = new RecordingSubscriber();
  private InProcessService service;
  private RemoteStreamSession session;

  @BeforeEach
  void open() throws Exception {
    service = InProcessService.serve(server);
    session = StalledStreamService.open(service.channel());
    session.publisher().subscribe(subscriber);
  }

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void request_nonPositive_cancelsTheSessionAndSignalsTheError() {
    subscriber.subscription.request(0);

    assertThat(subscriber.signals).containsExactly(
        "onError: request(n) needs n > 0, was 0 (Reactive Streams rule 3.9)");
    assertThatThrownBy(() -> session.send(new float[1]))
        .isInstanceOf(RemoteMediaException.class)
        .hasMessage("the stream was cancelled by the client");
  }

  @Test
  void request_nonPositiveAfterCancel_isIgnored() {
    subscriber.subscription.cancel();

    subscriber.subscription.request(0);

    // Rule 3.6: after cancel, request is a no-op; no signal follows a cancel.
    assertThat(subscriber.signals).isEmpty();
  }

  @Test
  void request_nonPositiveAfterTheStreamFailed_signalsNoSecondError() {
    session.cancel();

    subscriber.subscription.request(-1);

    // Rule 1.7: onError is the last signal a subscriber gets.
    assertThat(subscriber.signals).containsExactly(
        "onError: the stream was cancelled by the client");
  }

  @Test
  void subscribe_null_throwsAndLeavesThePublisherForItsSubscriber() throws Exception {
    RemoteStreamSession second = StalledStreamService.open(service.channel());
    Flow.Publisher<StreamResult> publisher = second.publisher();
    RecordingSubscriber late = new RecordingSubscriber();

    assertThatThrownBy(() -> publisher.subscribe(null)).isInstanceOf(NullPointerException.class);
    publisher.subscribe(late);

    // Rule 1.9: a null subscriber is refused; it takes no place.
    assertThat(late.subscription).isNotNull();
    assertThat(late.signals).isEmpty();
    second.cancel();
  }

  @Test
  void onNextThrowing_cancelsTheSession() throws Exception {
    IllegalStateException bug = new IllegalStateException("a bug in the subscriber");
    subscriber.onNextFailure = bug;
    session.send(new float[8]);
    session.send(new float[8]); // The server answers chunk 0 now, into the inbox.

    assertThatThrownBy(() -> subscriber.subscription.request(1)).isSameAs(bug);

    // Rule 2.13: the subscription counts as cancelled, and the session with it.
    assertThat(server.callCancelled.await(10, TimeUnit.SECONDS))
        .as("the server's call is cancelled").isTrue();
    assertThat(subscriber.signals).containsExactly("onNext 0");
  }

  /** Records every signal but onSubscribe, in order; throws from onNext when told to. */
  private static final class RecordingSubscriber implements Flow.Subscriber<StreamResult> {
    final List<String> signals = new CopyOnWriteArrayList<>();
    volatile Flow.Subscription subscription;
    volatile RuntimeException onNextFailure;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(StreamResult result) {
      signals.add("onNext " + result.sequence());
      if (onNextFailure != null) {
        throw onNextFailure;
      }
    }

    @Override
    public void onError(Throwable t) {
      signals.add("onError: " + t.getMessage());
    }

    @Override
    public void onComplete() {
      signals.add("onComplete");
    }
  }
}
