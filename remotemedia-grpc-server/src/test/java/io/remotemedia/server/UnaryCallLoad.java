package io.remotemedia.server;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop unary load for the fleet tests: {@code concurrency} threads, each calling
 * ExecutePipeline back to back with 1 s of 44.1 kHz mono audio resampled to 16 kHz (the
 * bench's {@code resample-1s} workload), until {@link #close()}. Every failure is kept.
 */
final class UnaryCallLoad implements AutoCloseable {
  /** Resample to 16 kHz. */
  static final PipelineManifest RESAMPLE = new ManifestParser().parse("""
      {"version": "v1", "metadata": {"name": "resample-1s"},
       "nodes": [{"id": "resample", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 16000}}]}
      """);
  /** 1 s of 44.1 kHz mono: the input of every call. */
  private static final AudioBuffer ONE_SECOND = AudioBuffer.of(AudioFormat.f32(44100, 1),
      new float[44100]);

  /** One call of the load: {@link #ONE_SECOND} through {@link #RESAMPLE}. */
  static ExecutionRequest request() {
    return ExecutionRequest.of(RESAMPLE, "resample", ONE_SECOND);
  }

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger succeeded = new AtomicInteger();
  private final AtomicLong longestCallNanos = new AtomicLong();
  private final Queue<RemoteMediaException> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private UnaryCallLoad() {}

  /** Starts {@code concurrency} calling threads on {@code client}. */
  static UnaryCallLoad start(RemoteMediaClient client, int concurrency) {
    UnaryCallLoad load = new UnaryCallLoad();
    ExecutionRequest request = request();
    for (int i = 0; i < concurrency; i++) {
      Thread thread = new Thread(() -> {
        while (load.running.get()) {
          long start = System.nanoTime();
          try {
            client.execute(request);
            load.succeeded.incrementAndGet();
          } catch (RemoteMediaException e) {
            load.failures.add(e);
          }
          load.longestCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
      }, "unary-load-" + i);
      thread.start();
      load.threads.add(thread);
    }
    return load;
  }

  /** Calls answered OK so far. */
  int succeeded() {
    return succeeded.get();
  }

  /** The longest a call has taken so far, retries included. */
  Duration longestCall() {
    return Duration.ofNanos(longestCallNanos.get());
  }

  /** The calls that failed, in the order they failed. */
  List<RemoteMediaException> failures() {
    return List.copyOf(failures);
  }

  /**
   * Waits until {@code count} calls in all have succeeded.
   *
   * @throws AssertionError if that takes longer than {@code timeout}
   */
  void awaitSucceeded(int count, Duration timeout) throws Exception {
    try {
      Await.until(count + " calls have succeeded", timeout, () -> succeeded.get() >= count);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; only " + succeeded.get() + " did; longest"
          + " call so far " + longestCall() + "; failures: " + failures(), e);
    }
  }

  /** Stops calling and waits for the calls in flight to end. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(70));
    }
  }
}
