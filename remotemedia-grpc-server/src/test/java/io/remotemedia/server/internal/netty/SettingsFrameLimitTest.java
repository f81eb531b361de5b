package io.remotemedia.server.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The SETTINGS limit's window on a clock the test moves: a client that sends the most allowed
 * in every window keeps its connection, and one more within a window ends it. The frames on
 * loopback are in {@code SettingsFloodTest}.
 */
class SettingsFrameLimitTest {
  /** The limit, written here rather than read from the class under test. */
  private static final int MAX_PER_WINDOW = 100;
  private static final long WINDOW_NANOS = Duration.ofSeconds(10).toNanos();

  private final AtomicLong now = new AtomicLong(123_456_789L);
  private final SettingsFrameLimit limit =
      new SettingsFrameLimit(new Http2FrameAdapter(), now::get);

  @Test
  void theMostAllowedInEveryWindow_isAllowedForEver() {
    assertThatCode(() -> {
      for (int window = 0; window < 5; window++) {
        for (int i = 0; i < MAX_PER_WINDOW; i++) {
          limit.onSettingsRead(null, new Http2Settings());
        }
        now.addAndGet(WINDOW_NANOS + 1);
      }
    }).doesNotThrowAnyException();
  }

  @Test
  void oneMoreWithinAWindow_isEnhanceYourCalm() throws Http2Exception {
    for (int i = 0; i < MAX_PER_WINDOW; i++) {
      limit.onSettingsRead(null, new Http2Settings());
      now.addAndGet(WINDOW_NANOS / MAX_PER_WINDOW - 1);
    }

    assertThatThrownBy(() -> limit.onSettingsRead(null, new Http2Settings()))
        .isInstanceOfSatisfying(Http2Exception.class,
            e -> assertThat(e.error())
                .isEqualTo(Http2Error.ENHANCE_YOUR_CALM))
        .hasMessageContaining("limit of " + MAX_PER_WINDOW);
  }
}
