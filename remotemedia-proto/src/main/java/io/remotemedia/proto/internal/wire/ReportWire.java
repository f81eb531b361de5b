package io.remotemedia.proto.internal.wire;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.remotemedia.audio.vad.SpeechSegment;
import io.remotemedia.audio.vad.VadEventType;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.NodeSpec;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.report.CustomReport;
import io.remotemedia.pipeline.report.NodeReport;
import io.remotemedia.pipeline.report.NormalizeReport;
import io.remotemedia.pipeline.report.VadEventReport;
import io.remotemedia.pipeline.report.VadReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Converts typed node reports to and from the {@code google.protobuf.Struct}s of
 * {@code data_outputs}, in the JSON shapes docs/nodes.md documents (the wire format that Node
 * and Python clients read):
 *
 * <ul>
 *   <li>{@link VadReport}: {@code {"segments": [{"start_ms": n, "end_ms": n}, ...]}}
 *   <li>{@link VadEventReport}: {@code {"events": [{"type": "speech_start" | "speech_end",
 *       "time_ms": n}, ...]}}
 *   <li>{@link NormalizeReport}: {@code {"measured_lufs": n, "sample_peak_dbfs": n,
 *       "true_peak_dbtp": n, "applied_gain_db": n}}, each only when measured
 *   <li>{@link CustomReport}: its fields as they are
 * </ul>
 *
 * <p>A Struct says nothing of its type, so decoding takes the node's type from the manifest
 * the client sent: a {@code VAD} node's data is a VadReport, or a VadEventReport when it holds
 * {@code events}; a {@code Normalize} node's is a NormalizeReport; any other node's is a
 * CustomReport. Unknown fields are ignored, so that a newer server may add some. Stateless and
 * thread-safe.
 */
public final class ReportWire {
  private static final String VAD = VadReport.NODE_TYPE;
  private static final String NORMALIZE = NormalizeReport.NODE_TYPE;
  private static final String SEGMENTS = "segments";
  private static final String EVENTS = "events";
  private static final String START_MS = "start_ms";
  private static final String END_MS = "end_ms";
  private static final String TYPE = "type";
  private static final String TIME_MS = "time_ms";
  private static final String MEASURED_LUFS = "measured_lufs";
  private static final String SAMPLE_PEAK_DBFS = "sample_peak_dbfs";
  private static final String TRUE_PEAK_DBTP = "true_peak_dbtp";
  private static final String APPLIED_GAIN_DB = "applied_gain_db";
  private static final int MAX_QUOTED_CHARS = 200;

  private ReportWire() {}

  /**
   * Encodes reports for a {@code data_outputs} map.
   *
   * @param reports reports per node id
   * @return Structs per node id, in the same order
   */
  public static Map<String, Struct> toProto(Map<String, NodeReport> reports) {
    Map<String, Struct> wire = new LinkedHashMap<>();
    reports.forEach((id, report) -> wire.put(id, ManifestWire.toStruct(toTree(report))));
    return wire;
  }

  /**
   * Returns a report as the JSON-like tree that the wire carries (maps, lists, strings,
   * {@code Double}s), for a printer of JSON such as the command line's {@code --data-output}.
   *
   * @param report the report
   * @return its fields, in the order docs/nodes.md lists them
   */
  public static Map<String, Object> toTree(NodeReport report) {
    Map<String, Object> tree = new LinkedHashMap<>();
    if (report instanceof VadReport vad) {
      List<Object> segments = new ArrayList<>();
      for (SpeechSegment segment : vad.segments()) {
        segments.add(ordered(START_MS, (double) segment.startMs(),
            END_MS, (double) segment.endMs()));
      }
      tree.put(SEGMENTS, segments);
    } else if (report instanceof VadEventReport events) {
      List<Object> items = new ArrayList<>();
      for (VadEventReport.Event event : events.events()) {
        items.add(ordered(TYPE, event.type().name().toLowerCase(Locale.ROOT),
            TIME_MS, (double) event.timeMs()));
      }
      tree.put(EVENTS, items);
    } else if (report instanceof NormalizeReport normalize) {
      putPresent(tree, MEASURED_LUFS, normalize.measuredLufs());
      putPresent(tree, SAMPLE_PEAK_DBFS, normalize.samplePeakDbfs());
      putPresent(tree, TRUE_PEAK_DBTP, normalize.truePeakDbtp());
      putPresent(tree, APPLIED_GAIN_DB, normalize.appliedGainDb());
    } else if (report instanceof CustomReport custom) {
      tree.putAll(custom.fields());
    }
    return tree;
  }

  /**
   * Two fields in this order. Not {@code Map.of}: its order changes from one JVM to the next,
   * and with it the JSON a run writes and the bytes on the wire.
   */
  private static Map<String, Object> ordered(String key1, Object value1, String key2,
      Object value2) {
    Map<String, Object> map = new LinkedHashMap<>(4);
    map.put(key1, value1);
    map.put(key2, value2);
    return map;
  }

  /**
   * Decodes a {@code data_outputs} map into typed reports.
   *
   * @param wire Structs per node id
   * @param manifest the manifest of the call, which names each node's type
   * @param where names the map in error messages, for example {@code closed data_outputs}
   * @return reports per node id
   * @throws PipelineException of kind PROTOCOL_MISMATCH when a built-in node's data does not
   *     have its documented shape, naming the field
   */
  public static Map<String, NodeReport> fromProto(Map<String, Struct> wire,
      PipelineManifest manifest, String where) {
    Map<String, String> nodeTypes = new LinkedHashMap<>();
    for (NodeSpec node : manifest.nodes()) {
      nodeTypes.put(node.id(), node.nodeType());
    }
    Map<String, NodeReport> reports = new LinkedHashMap<>();
    wire.forEach((id, struct) -> reports.put(id, fromProto(nodeTypes.getOrDefault(id, ""),
        struct, where + "[\"" + id + "\"]")));
    return reports;
  }

  private static NodeReport fromProto(String nodeType, Struct struct, String where) {
    if (nodeType.equals(VAD)) {
      return struct.containsFields(EVENTS) ? vadEvents(struct, where) : vad(struct, where);
    }
    if (nodeType.equals(NORMALIZE)) {
      return new NormalizeReport(optionalNumber(struct, MEASURED_LUFS),
          optionalNumber(struct, SAMPLE_PEAK_DBFS), optionalNumber(struct, TRUE_PEAK_DBTP),
          optionalNumber(struct, APPLIED_GAIN_DB));
    }
    return new CustomReport(ManifestWire.fromStruct(struct));
  }

  private static VadReport vad(Struct struct, String where) {
    List<SpeechSegment> segments = new ArrayList<>();
    List<Value> items = list(struct, SEGMENTS, where);
    for (int i = 0; i < items.size(); i++) {
      String at = where + "." + SEGMENTS + "[" + i + "]";
      Struct item = struct(items.get(i), at);
      long startMs = millis(item, START_MS, at);
      long endMs = millis(item, END_MS, at);
      if (endMs <= startMs) {
        throw mismatch(at + ": end_ms " + endMs + " must be after start_ms " + startMs);
      }
      segments.add(new SpeechSegment(startMs, endMs));
    }
    return new VadReport(segments);
  }

  private static VadEventReport vadEvents(Struct struct, String where) {
    List<VadEventReport.Event> events = new ArrayList<>();
    List<Value> items = list(struct, EVENTS, where);
    for (int i = 0; i < items.size(); i++) {
      String at = where + "." + EVENTS + "[" + i + "]";
      Struct item = struct(items.get(i), at);
      events.add(new VadEventReport.Event(eventType(item, at), millis(item, TIME_MS, at)));
    }
    return new VadEventReport(events);
  }

  private static VadEventType eventType(Struct item, String where) {
    Value value = item.getFieldsOrDefault(TYPE, Value.getDefaultInstance());
    for (VadEventType type : VadEventType.values()) {
      if (type.name().toLowerCase(Locale.ROOT).equals(value.getStringValue())) {
        return type;
      }
    }
    throw mismatch(where + "." + TYPE + " must be \"speech_start\" or \"speech_end\", was "
        + (value.hasStringValue() ? quoted(value.getStringValue()) : kind(value)));
  }

  private static List<Value> list(Struct struct, String key, String where) {
    Value value = struct.getFieldsOrDefault(key, Value.getDefaultInstance());
    if (!value.hasListValue()) {
      throw mismatch(where + "." + key + " must be a list, was " + kind(value));
    }
    return value.getListValue().getValuesList();
  }

  private static Struct struct(Value value, String where) {
    if (!value.hasStructValue()) {
      throw mismatch(where + " must be an object, was " + kind(value));
    }
    return value.getStructValue();
  }

  /** A whole, non-negative number of milliseconds. */
  private static long millis(Struct struct, String key, String where) {
    Value value = struct.getFieldsOrDefault(key, Value.getDefaultInstance());
    double ms = value.getNumberValue();
    if (!value.hasNumberValue() || ms < 0 || ms != Math.rint(ms) || ms > Long.MAX_VALUE) {
      throw mismatch(where + "." + key + " must be a whole number of milliseconds >= 0, was "
          + (value.hasNumberValue() ? String.valueOf(ms) : kind(value)));
    }
    return (long) ms;
  }

  private static OptionalDouble optionalNumber(Struct struct, String key) {
    Value value = struct.getFieldsOrDefault(key, Value.getDefaultInstance());
    return value.hasNumberValue() ? OptionalDouble.of(value.getNumberValue())
        : OptionalDouble.empty();
  }

  private static void putPresent(Map<String, Object> tree, String key, OptionalDouble figure) {
    figure.ifPresent(value -> tree.put(key, value));
  }

  private static String kind(Value value) {
    return value.getKindCase() == Value.KindCase.KIND_NOT_SET ? "absent"
        : value.getKindCase().name().toLowerCase(Locale.ROOT);
  }

  /** The server's text, shortened: at most {@value #MAX_QUOTED_CHARS} characters of it. */
  private static String quoted(String text) {
    return text.length() <= MAX_QUOTED_CHARS ? "\"" + text + "\""
        : "\"" + text.substring(0, MAX_QUOTED_CHARS) + "...\" (" + text.length() + " characters)";
  }

  private static PipelineException mismatch(String message) {
    return PipelineException.of(ErrorKind.PROTOCOL_MISMATCH, message);
  }
}
