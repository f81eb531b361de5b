package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.Compatibility;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Reactive Streams rules the results' {@link Flow.Publisher} keeps for a {@code
 * request(n)} with n <= 0 (rule 3.9), against an in-process server that opens the stream and
 * sends nothing more.
 */
class ResultPublisherTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """);

  private final RecordingSubscriber subscriber = new RecordingSubscriber();
  private InProcessService service;
  private RemoteStreamSession session;

  @BeforeEach
  void open() throws Exception {
    service = InProcessService.serve(
        new FakePipelineService(Compatibility.COMPATIBILITY_COMPATIBLE, false));
    session = RemoteMediaClient.forChannel(service.channel())
        .openSession(OpenStreamRequest.of(GAIN, AudioFormat.f32(8000, 1)));
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

  /** Records every signal but onSubscribe, in order. */
  private static final class RecordingSubscriber implements Flow.Subscriber<StreamResult> {
    final List<String> signals = new CopyOnWriteArrayList<>();
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(StreamResult result) {
      signals.add("onNext " + result.sequence());
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
