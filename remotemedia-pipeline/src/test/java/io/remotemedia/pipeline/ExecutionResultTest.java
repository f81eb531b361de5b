package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.vad.SpeechSegment;
import io.remotemedia.audio.vad.VadEventType;
import io.remotemedia.pipeline.report.NormalizeReport;
import io.remotemedia.pipeline.report.VadEventReport;
import io.remotemedia.pipeline.report.VadReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionResultTest {
  private static final VadReport SPEECH = new VadReport(List.of(new SpeechSegment(10, 20)));
  private final ExecutionResult result = new ExecutionResult(Map.of(), Map.of("vad", SPEECH),
      new ExecutionMetrics(1, 1, 0, List.of(), 0));

  @Test
  void report_ofTheTypeTheNodeReported_returnsIt() {
    assertThat(result.report("vad", VadReport.class)).isSameAs(SPEECH);
  }

  @Test
  void report_nodeThatReportedNothing_namesTheNodesThatDid() {
    assertThatThrownBy(() -> result.report("norm", NormalizeReport.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no data output for node \"norm\"; data outputs: [vad]");
  }

  @Test
  void report_ofAnotherType_namesBothTypes() {
    assertThatThrownBy(() -> result.report("vad", NormalizeReport.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node \"vad\" reported a VadReport, not a NormalizeReport");
  }

  @Test
  void streamResultReport_isEmptyForAChunkWithoutEvents() {
    VadEventReport start = new VadEventReport(
        List.of(new VadEventReport.Event(VadEventType.SPEECH_START, 40)));
    StreamResult withEvent = new StreamResult(3, Map.of(), Map.of("vad", start));
    StreamResult without = new StreamResult(4, Map.of(), Map.of());

    assertThat(withEvent.report("vad", VadEventReport.class)).containsSame(start);
    assertThat(withEvent.report("vad", VadReport.class)).isEmpty();
    assertThat(without.report("vad", VadEventReport.class)).isEmpty();
  }
}
