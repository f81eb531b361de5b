package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteMediaClientBuilderTest {

  @Test
  void keepAlive_notPositive_namesTheSetting() {
    assertThatThrownBy(() -> RemoteMediaClient.builder().keepAliveTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepAliveTime must be positive, was PT0S");
    assertThatThrownBy(() -> RemoteMediaClient.builder()
        .keepAliveTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepAliveTimeout must be positive, was PT-1S");
  }
}
