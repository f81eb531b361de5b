package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread of an application that uses the SDK, as an application server runs one: with the
 * application's own context class loader and an inheritable thread-local value, neither of
 * which a thread the SDK starts from it may keep. The {@link #probe} that the application hands
 * the SDK notes what the SDK's thread that runs it has of them.
 */
final class ApplicationThread {
  /** Set on the application's thread; an SDK thread reads null. */
  static final InheritableThreadLocal<String> REQUEST = new InheritableThreadLocal<>();

  /** The application's class loader: loads nothing, and is told apart by identity. */
  final ClassLoader loader = new URLClassLoader(new URL[0], null);

  private final CountDownLatch probed = new CountDownLatch(1);
  private final AtomicReference<ClassLoader> probedLoader = new AtomicReference<>();
  private final AtomicReference<String> probedRequest = new AtomicReference<>();

  /** {@return a task that notes the context class loader and thread-local value it runs with} */
  Runnable probe() {
    return () -> {
      probedLoader.set(Thread.currentThread().getContextClassLoader());
      probedRequest.set(REQUEST.get());
      probed.countDown();
    };
  }

  /**
   * Asserts that the {@link #probe} ran with the SDK's class loader as its context class
   * loader, and without the application's thread-local value.
   */
  void assertProbeRanWithNothingOfTheApplication() throws InterruptedException {
    assertThat(probed.await(30, TimeUnit.SECONDS)).as("the probe ran").isTrue();
    assertThat(probedLoader.get()).as("the context class loader").isNotSameAs(loader)
        .isSameAs(SdkThreadFactory.class.getClassLoader());
    assertThat(probedRequest.get()).as("the application's thread-local value").isNull();
  }

  /** Runs {@code action} on a new thread of the application and waits until it returns. */
  void run(Runnable action) throws InterruptedException {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      REQUEST.set("an application's request");
      try {
        action.run();
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "application");
    thread.setContextClassLoader(loader);
    thread.start();
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(thread.isAlive()).as("the application's thread returned").isFalse();
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
