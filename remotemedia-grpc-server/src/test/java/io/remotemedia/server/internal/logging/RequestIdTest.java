package io.remotemedia.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdTest {

  @Test
  void fromHeader_saneToken_isKept() {
    assertThat(RequestId.fromHeader("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
  }

  @Test
  void fromHeader_absentOrUnsafe_isReplacedByAUuid() {
    String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    assertThat(RequestId.fromHeader(null)).matches(uuid);
    assertThat(RequestId.fromHeader("")).matches(uuid);
    assertThat(RequestId.fromHeader("a\"}, \"level\":\"FATAL")).matches(uuid);
    assertThat(RequestId.fromHeader("x".repeat(129))).matches(uuid);
  }

  @Test
  void current_outsideACall_isAFreshUuidEachTime() {
    assertThat(RequestId.current()).isNotEqualTo(RequestId.current());
  }
}
