package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.remotemedia.audio.vad.SpeechSegment;
import io.remotemedia.audio.vad.VadEventType;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.report.CustomReport;
import io.remotemedia.pipeline.report.NodeReport;
import io.remotemedia.pipeline.report.NormalizeReport;
import io.remotemedia.pipeline.report.VadEventReport;
import io.remotemedia.pipeline.report.VadReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Typed node reports against the JSON shapes docs/nodes.md documents, which the wire has
 * carried since v1 and which Node and Python clients read: encoding gives exactly those
 * Structs, and decoding them (typed by the manifest's node types) gives the reports back.
 */
class ReportWireTest {
  private static final PipelineManifest MANIFEST = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "vad", "node_type": "VAD"},
                 {"id": "norm", "node_type": "Normalize"},
                 {"id": "g", "node_type": "Gain"}],
       "connections": [{"from": "vad", "to": "norm"}, {"from": "norm", "to": "g"}]}
      """);

  @Test
  void toProto_vadReport_isTheDocumentedSegmentsObject() throws Exception {
    Struct wire = encode(new VadReport(List.of(new SpeechSegment(500, 1480),
        new SpeechSegment(2000, 2600))));

    assertThat(wire).isEqualTo(json("""
        {"segments": [{"start_ms": 500, "end_ms": 1480}, {"start_ms": 2000, "end_ms": 2600}]}
        """));
  }

  @Test
  void toTree_keepsTheDocumentedFieldOrder_inEveryJvm() {
    // Map.of's order changes from one JVM to the next; --data-output's JSON must not.
    Map<String, Object> vad = ReportWire.toTree(new VadReport(List.of(
        new SpeechSegment(500, 1480))));
    Map<String, Object> events = ReportWire.toTree(new VadEventReport(List.of(
        new VadEventReport.Event(VadEventType.SPEECH_START, 480))));

    assertThat(new ArrayList<Object>(((Map<?, ?>) ((List<?>) vad.get("segments")).get(0))
        .keySet())).containsExactly("start_ms", "end_ms");
    assertThat(new ArrayList<Object>(((Map<?, ?>) ((List<?>) events.get("events")).get(0))
        .keySet())).containsExactly("type", "time_ms");
  }

  @Test
  void toProto_vadReportWithoutSpeech_isAnEmptySegmentsList() throws Exception {
    assertThat(encode(new VadReport(List.of()))).isEqualTo(json("{\"segments\": []}"));
  }

  @Test
  void toProto_vadEventReport_isTheDocumentedEventsObject() throws Exception {
    Struct wire = encode(new VadEventReport(List.of(
        new VadEventReport.Event(VadEventType.SPEECH_START, 480),
        new VadEventReport.Event(VadEventType.SPEECH_END, 1500))));

    assertThat(wire).isEqualTo(json("""
        {"events": [{"type": "speech_start", "time_ms": 480},
                    {"type": "speech_end", "time_ms": 1500}]}
        """));
  }

  @Test
  void toProto_normalizeReport_carriesOnlyTheMeasuredFigures() throws Exception {
    // Silence measures -Infinity, which neither JSON nor a Struct can carry: it is left out.
    Struct wire = encode(NormalizeReport.of(-23.5, -20.25, Double.NEGATIVE_INFINITY, 7.5));

    assertThat(wire).isEqualTo(json("""
        {"measured_lufs": -23.5, "sample_peak_dbfs": -20.25, "applied_gain_db": 7.5}
        """));
  }

  @Test
  void fromProto_documentedJson_givesTypedReportsByNodeType() throws Exception {
    Map<String, NodeReport> reports = ReportWire.fromProto(Map.of(
        "vad", json("{\"segments\": [{\"start_ms\": 500, \"end_ms\": 1480}]}"),
        "norm", json("{\"measured_lufs\": -23.5, \"applied_gain_db\": 7.5, \"later\": 1}"),
        "g", json("{\"peak\": 0.5, \"tags\": [\"a\"]}"),
        "unknown", json("{\"segments\": []}")), MANIFEST, "data_outputs");

    assertThat(reports).containsOnly(
        Map.entry("vad", new VadReport(List.of(new SpeechSegment(500, 1480)))),
        // A field a newer server adds ("later") is ignored.
        Map.entry("norm", NormalizeReport.of(-23.5, Double.NaN, Double.NaN, 7.5)),
        Map.entry("g", new CustomReport(Map.of("peak", 0.5, "tags", List.of("a")))),
        // A node the manifest does not name has no known type: its data stays as it came.
        Map.entry("unknown", new CustomReport(Map.of("segments", List.of()))));
  }

  @Test
  void fromProto_vadEvents_giveAnEventReport() throws Exception {
    Map<String, NodeReport> reports = ReportWire.fromProto(Map.of("vad", json("""
        {"events": [{"type": "speech_start", "time_ms": 480}]}
        """)), MANIFEST, "result 3 data_outputs");

    assertThat(reports.get("vad")).isEqualTo(new VadEventReport(
        List.of(new VadEventReport.Event(VadEventType.SPEECH_START, 480))));
  }

  @Test
  void fromProto_toProto_roundTripsEveryReportType() {
    Map<String, NodeReport> reports = Map.of(
        "vad", new VadReport(List.of(new SpeechSegment(0, 30), new SpeechSegment(40, 90))),
        "norm", NormalizeReport.of(-16, -1, -0.5, 3),
        "g", new CustomReport(Map.of("nested", Map.of("n", 2), "none", List.of())));

    assertThat(ReportWire.fromProto(ReportWire.toProto(reports), MANIFEST, "data_outputs"))
        .isEqualTo(reports);
  }

  @Test
  void fromProto_segmentEndingBeforeItStarts_isAProtocolMismatchNamingTheField()
      throws Exception {
    Map<String, Struct> wire = Map.of("vad",
        json("{\"segments\": [{\"start_ms\": 0, \"end_ms\": 10}, {\"start_ms\": 90,"
            + " \"end_ms\": 40}]}"));

    assertThatThrownBy(() -> ReportWire.fromProto(wire, MANIFEST, "closed data_outputs"))
        .isInstanceOfSatisfying(PipelineException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH))
        .hasMessage("closed data_outputs[\"vad\"].segments[1]: end_ms 40 must be after"
            + " start_ms 90");
  }

  @Test
  void fromProto_segmentsNotAList_isAProtocolMismatchNamingTheField() throws Exception {
    assertThatThrownBy(() -> ReportWire.fromProto(Map.of("vad", json("{\"segments\": 3}")),
            MANIFEST, "data_outputs"))
        .hasMessage("data_outputs[\"vad\"].segments must be a list, was number_value");
  }

  @Test
  void fromProto_fractionalMilliseconds_isAProtocolMismatchNamingTheValue() throws Exception {
    assertThatThrownBy(() -> ReportWire.fromProto(Map.of("vad",
            json("{\"events\": [{\"type\": \"speech_end\", \"time_ms\": 1.5}]}")),
            MANIFEST, "data_outputs"))
        .hasMessage("data_outputs[\"vad\"].events[0].time_ms must be a whole number of"
            + " milliseconds >= 0, was 1.5");
  }

  @Test
  void fromProto_unknownEventType_quotesAtMost200CharactersOfIt() throws Exception {
    String type = "x".repeat(5000);

    assertThatThrownBy(() -> ReportWire.fromProto(Map.of("vad", json(
            "{\"events\": [{\"type\": \"" + type + "\", \"time_ms\": 1}]}")),
            MANIFEST, "data_outputs"))
        .hasMessage("data_outputs[\"vad\"].events[0].type must be \"speech_start\" or"
            + " \"speech_end\", was \"" + "x".repeat(200) + "...\" (5000 characters)");
  }

  private static Struct encode(NodeReport report) {
    return ReportWire.toProto(Map.of("n", report)).get("n");
  }

  private static Struct json(String text) throws InvalidProtocolBufferException {
    Struct.Builder struct = Struct.newBuilder();
    JsonFormat.parser().merge(text, struct);
    return struct.build();
  }
}
