package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.vad.VadConfig;
import io.remotemedia.audio.vad.VadEvent;
import io.remotemedia.audio.vad.VadMode;
import io.remotemedia.audio.vad.VadNode;
import io.remotemedia.pipeline.report.NodeReport;
import io.remotemedia.pipeline.report.VadEventReport;
import io.remotemedia.pipeline.report.VadReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link VadNode}s: node type {@code VAD}, parameters {@code mode}, {@code frame_ms},
 * {@code min_speech_ms}, {@code min_silence_ms}, {@code padding_ms} and {@code gate}.
 */
final class VadNodeFactory implements NodeFactory {
  static final EnumParameter<VadMode> MODE = new EnumParameter<>("mode", VadMode.class,
      VadMode.NORMAL, "How readily frames count as speech, from permissive (fewest misses) "
          + "to very_aggressive (fewest false alarms).");
  static final IntegerParameter FRAME_MS = IntegerParameter.oneOf("frame_ms",
      VadConfig.DEFAULT_FRAME_MS, "Decision frame length in ms: 10, 20 or 30.", 10, 20, 30);
  static final IntegerParameter MIN_SPEECH_MS = new IntegerParameter("min_speech_ms",
      VadConfig.DEFAULT_MIN_SPEECH_MS, 0, VadConfig.MAX_DURATION_MS,
      "Speech shorter than this, in ms, is dropped.");
  static final IntegerParameter MIN_SILENCE_MS = new IntegerParameter("min_silence_ms",
      VadConfig.DEFAULT_MIN_SILENCE_MS, 0, VadConfig.MAX_DURATION_MS,
      "Silence shorter than this, in ms, inside speech is bridged.");
  static final IntegerParameter PADDING_MS = new IntegerParameter("padding_ms",
      VadConfig.DEFAULT_PADDING_MS, 0, VadConfig.MAX_PADDING_MS,
      "Each segment is extended by this much, in ms, on both sides.");
  static final BooleanParameter GATE = new BooleanParameter("gate", false,
      "When true the audio output holds only the speech segments; when false the audio "
          + "passes through unchanged.");

  @Override
  public String nodeType() {
    return VadReport.NODE_TYPE;
  }

  @Override
  public String description() {
    return "Voice activity detection: speech segments and events, optionally gating the audio "
        + "to speech.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(MODE, FRAME_MS, MIN_SPEECH_MS, MIN_SILENCE_MS, PADDING_MS, GATE);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new VadNode(new VadConfig(params.get(MODE), (int) params.get(FRAME_MS),
        (int) params.get(MIN_SPEECH_MS), (int) params.get(MIN_SILENCE_MS),
        (int) params.get(PADDING_MS), params.get(GATE)));
  }

  /** Counts the speech segments found, and events dropped because nobody polled them. */
  @Override
  public Map<String, Double> counters(AudioNode node) {
    VadNode vad = (VadNode) node;
    return Map.of("speech_segments", (double) vad.segmentCount(),
        "dropped_events", (double) vad.droppedEventCount());
  }

  /** The speech segments of the run: a {@link VadReport}, empty when there was no speech. */
  @Override
  public Optional<NodeReport> dataOutput(AudioNode node) {
    return Optional.of(new VadReport(((VadNode) node).segments()));
  }

  /** Speech-start and speech-end events since the last chunk; empty when there are none. */
  @Override
  public Optional<NodeReport> streamEvents(AudioNode node) {
    VadNode vad = (VadNode) node;
    if (vad.pendingEventCount() == 0) {
      return Optional.empty();
    }
    VadEvent[] polled = new VadEvent[vad.pendingEventCount()];
    for (int i = 0; i < polled.length; i++) {
      polled[i] = new VadEvent();
    }
    int count = vad.pollEvents(polled);
    List<VadEventReport.Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(new VadEventReport.Event(polled[i].type(), polled[i].timeMs()));
    }
    return Optional.of(new VadEventReport(events));
  }
}
