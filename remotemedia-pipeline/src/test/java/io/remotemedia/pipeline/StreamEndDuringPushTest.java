package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A local stream ended from another thread ({@code cancel()} or {@code close()}) while a push or
 * finish still runs its nodes keeps its memory and its stream slot until that call has left:
 * the call's nodes still use the plan's buffers, so nothing else may be admitted against them
 * before. The call then ends as CANCELLED, and the stream gives everything back once.
 */
class StreamEndDuringPushTest {
  private static final AudioFormat MONO = AudioFormat.f32(16000, 1);
  /** {@code hold} waits for the test inside its process call; {@code g} comes after it. */
  private static final PipelineManifest HOLD_THEN_GAIN = new ManifestParser().parse("""
      version: v1
      metadata: {name: hold-then-gain}
      nodes:
        - {id: hold, node_type: TestHold}
        - {id: g, node_type: Gain, params: {gain_db: 0}}
      connections:
        - {from: hold, to: g}
      """);
  private static final PipelineManifest NORMALIZE_HOLD_GAIN = new ManifestParser().parse("""
      version: v1
      metadata: {name: normalize-hold-gain}
      nodes:
        - {id: norm, node_type: Normalize, params: {mode: peak, max_duration_s: 1}}
        - {id: hold, node_type: TestHold}
        - {id: g, node_type: Gain, params: {gain_db: 0}}
      connections:
        - {from: norm, to: hold}
        - {from: hold, to: g}
      """);

  private final CountDownLatch inside = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final LocalPipelineRunner runner = LocalPipelineRunner.builder()
      .registry(NodeRegistry.of(Stream.concat(NodeRegistry.standard().factories().stream(),
          Stream.of(new PassThroughNodeFactory("TestHold",
              "Waits for the test while it processes.", this::holdUntilReleased))).toList()))
      .maxStreams(1)
      .build();
  private final ExecutorService pusher = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopThePusher() {
    release.countDown();
    pusher.shutdownNow();
  }

  @Test
  void cancel_duringAPush_keepsTheMemoryAndSlotUntilThePushHasLeft() throws Exception {
    endDuringAPush(PipelineStream::cancel);
  }

  @Test
  void close_duringAPush_keepsTheMemoryAndSlotUntilThePushHasLeft() throws Exception {
    endDuringAPush(PipelineStream::close);
  }

  @Test
  void cancel_duringFinish_keepsTheMemoryAndSlotUntilFinishHasLeft() throws Exception {
    PipelineStream stream = runner.openStream(OpenStreamRequest.of(NORMALIZE_HOLD_GAIN, MONO));
    // Normalize keeps the chunk until the end: the hold node first runs inside finish().
    stream.push(0, AudioBuffer.of(MONO, new float[160]));
    long held = runner.memory().usedBytes();
    Future<ExecutionResult> finishing = pusher.submit(stream::finish);
    assertThat(inside.await(30, TimeUnit.SECONDS)).as("finish is in the hold node").isTrue();

    stream.cancel();

    assertThat(runner.memory().usedBytes()).as("memory while finish runs").isEqualTo(held);
    assertThat(runner.streams().active()).as("stream slots while finish runs").isEqualTo(1);
    release.countDown();
    assertThatThrownBy(() -> finishing.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(PipelineException.class, e ->
            assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(runner.memory().usedBytes()).as("memory after finish").isZero();
    assertThat(runner.streams().active()).as("stream slots after finish").isZero();
  }

  private void endDuringAPush(Consumer<PipelineStream> end) throws Exception {
    PipelineStream stream = runner.openStream(OpenStreamRequest.of(HOLD_THEN_GAIN, MONO));
    long held = runner.memory().usedBytes();
    assertThat(held).as("the plan's buffers are counted").isPositive();
    Future<StreamResult> pushing = pusher.submit(() ->
        stream.push(0, AudioBuffer.of(MONO, new float[160])));
    assertThat(inside.await(30, TimeUnit.SECONDS)).as("the push is in the hold node").isTrue();

    end.accept(stream);

    assertThat(runner.memory().usedBytes()).as("memory while the push runs").isEqualTo(held);
    assertThat(runner.streams().active()).as("stream slots while the push runs").isEqualTo(1);
    assertThatThrownBy(() -> runner.openStream(OpenStreamRequest.of(HOLD_THEN_GAIN, MONO)))
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BUSY);
          assertThat(e.getMessage()).contains("all 1 stream slots are taken");
        });
    assertThatThrownBy(() -> stream.push(1, AudioBuffer.of(MONO, new float[160])))
        .as("a push after the end, while the first still runs")
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
          assertThat(e.getMessage()).isEqualTo("stream " + stream.sessionId()
              + " was cancelled");
        });

    release.countDown();
    assertThatThrownBy(() -> pushing.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(PipelineException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
          assertThat(e.nodeId()).contains("g");
        });
    assertThat(runner.memory().usedBytes()).as("memory after the push").isZero();
    assertThat(runner.streams().active()).as("stream slots after the push").isZero();
    stream.cancel();
    stream.close();
    assertThat(runner.memory().usedBytes()).as("given back once").isZero();
    assertThat(runner.streams().active()).as("given back once").isZero();
    runner.openStream(OpenStreamRequest.of(HOLD_THEN_GAIN, MONO)).close();
  }

  private void holdUntilReleased() {
    inside.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
