package io.remotemedia.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomReportTest {
  @Test
  void new_integersAnywhere_becomeDoublesAsOnTheWire() {
    CustomReport local = new CustomReport(Map.of("count", 3, "items", List.of(1L, 2.5f),
        "nested", Map.of("n", (short) 7)));

    assertThat(local).isEqualTo(new CustomReport(Map.of("count", 3.0,
        "items", List.of(1.0, 2.5), "nested", Map.of("n", 7.0))));
  }

  @Test
  void new_keepsNullsAndIsImmutable() {
    CustomReport report = new CustomReport(Map.of("list", Arrays.asList("a", null)));

    assertThat(report.fields().get("list")).isEqualTo(Arrays.asList("a", null));
    assertThatThrownBy(() -> report.fields().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void new_valueThatIsNotJsonLike_isRefusedNamingItsPath() {
    assertThatThrownBy(() -> new CustomReport(Map.of("outer",
            Map.of("items", List.of("ok", new StringBuilder("no"))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fields.outer.items[1]: not a JSON-like value: java.lang.StringBuilder");
  }
}
