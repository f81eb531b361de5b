package io.remotemedia.bench.vad;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.audio.vad.SpeechSegment;
import io.remotemedia.audio.vad.VadConfig;
import io.remotemedia.audio.vad.VadNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Frame-level accuracy of our VAD against the WebRTC VAD on the synthetic set made by
 * {@code scripts/vad-eval/generate.py}. See {@code scripts/vad-eval/run.sh} and
 * docs/nodes/VAD.md.
 *
 * <p>Usage: {@code VadEval SET_DIR FVAD_DECISIONS [SILERO_DECISIONS]}, where SET_DIR holds
 * {@code labels/}, {@code clean/} and {@code noisy/<noise>_<snr>/}, and the decision files have
 * one line per file, {@code "<path> <0/1 per 10 ms frame>"}, from {@code
 * scripts/vad-eval/fvad/run-fvad.mjs} and {@code scripts/vad-eval/silero/run-silero.cjs}. The
 * clean utterances are scored as the condition {@code clean}, outside the pooled rows (which
 * stay the twelve noisy conditions).
 *
 * <p>Our VAD runs with {@link VadConfig#defaults()} over 20 ms chunks; a 10 ms frame counts
 * as detected when its midpoint lies in a reported segment. WebRTC is scored raw, and also
 * after the same segment rules (min speech, min silence, padding, re-implemented here on its
 * frame decisions) so that the smoothing is not what makes the difference.
 */
public final class VadEval {
  private static final int FRAME_MS = 10;
  private static final String CLEAN = "clean";

  private VadEval() {}

  /** Counts of one detector over some frames. */
  static final class Score {
    long tp;
    long fp;
    long fn;
    long tn;

    void add(boolean[] detected, boolean[] truth, int frames) {
      for (int i = 0; i < frames; i++) {
        if (detected[i] && truth[i]) {
          tp++;
        } else if (detected[i]) {
          fp++;
        } else if (truth[i]) {
          fn++;
        } else {
          tn++;
        }
      }
    }

    void add(Score other) {
      tp += other.tp;
      fp += other.fp;
      fn += other.fn;
      tn += other.tn;
    }

    double f1() {
      return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
    }

    double falseAlarm() {
      return (double) fp / Math.max(1, fp + tn);
    }

    double miss() {
      return (double) fn / Math.max(1, fn + tp);
    }
  }

  /**
   * Scores both VADs over the set and prints a table of their F1, false-alarm and miss rates.
   *
   * @param args the set's directory and the WebRTC VAD's decisions file
   * @throws IOException if a file cannot be read
   * @throws UnsupportedFormatException if a WAV file's format does not fit the VAD
   */
  public static void main(String[] args) throws IOException, UnsupportedFormatException {
    if (args.length != 2 && args.length != 3) {
      System.err.println("usage: VadEval SET_DIR FVAD_DECISIONS [SILERO_DECISIONS]");
      System.exit(2);
    }
    Path set = Path.of(args[0]);
    Map<String, String> fvad = decisions(Path.of(args[1]));
    Map<String, String> silero = args.length == 3 ? decisions(Path.of(args[2])) : null;
    VadConfig config = VadConfig.defaults();
    String[] detectors = silero != null
        ? new String[] {"ours", "webrtc3", "webrtc3+rules", "silero", "always"}
        : new String[] {"ours", "webrtc3", "webrtc3+rules", "always"};
    Map<String, Map<String, Score>> table = new LinkedHashMap<>();
    List<String> conditions;
    try (Stream<Path> dirs = Files.list(set.resolve("noisy"))) {
      conditions = new ArrayList<>(dirs.map(p -> p.getFileName().toString()).sorted(
          (a, b) -> {
            int byNoise = a.split("_")[0].compareTo(b.split("_")[0]);
            return byNoise != 0 ? byNoise
                : Integer.compare(snr(b), snr(a));
          }).toList());
    }
    conditions.add(0, CLEAN);
    for (String condition : conditions) {
      Map<String, Score> row = new LinkedHashMap<>();
      for (String d : detectors) {
        row.put(d, new Score());
      }
      List<Path> files;
      Path dir = condition.equals(CLEAN) ? set.resolve(CLEAN)
          : set.resolve("noisy").resolve(condition);
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
      }
      for (Path wav : files) {
        String name = wav.getFileName().toString().replace(".wav", "");
        boolean[] truth = bits(Files.readString(set.resolve("labels").resolve(name + ".txt"))
            .trim());
        boolean[] raw = bits(lookUp(fvad, wav));
        boolean[] ours = ours(wav, config, truth.length);
        int frames = Math.min(truth.length, raw.length);
        boolean[] always = new boolean[frames];
        Arrays.fill(always, true);
        row.get("ours").add(ours, truth, frames);
        row.get("webrtc3").add(raw, truth, frames);
        row.get("webrtc3+rules").add(rules(raw, frames, config), truth, frames);
        row.get("always").add(always, truth, frames);
        if (silero != null) {
          row.get("silero").add(bits(lookUp(silero, wav)), truth, frames);
        }
      }
      table.put(condition, row);
    }
    print(table, detectors);
  }

  private static Map<String, String> decisions(Path file) throws IOException {
    Map<String, String> byPath = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) {
        byPath.put(Path.of(parts[0]).toAbsolutePath().normalize().toString(), parts[1]);
      }
    }
    return byPath;
  }

  private static String lookUp(Map<String, String> decisions, Path wav) throws IOException {
    String found = decisions.get(wav.toAbsolutePath().normalize().toString());
    if (found == null) {
      throw new IOException("no decisions for " + wav);
    }
    return found;
  }

  private static int snr(String condition) {
    return Integer.parseInt(condition.substring(condition.lastIndexOf('_') + 1));
  }

  private static boolean[] bits(String text) {
    boolean[] out = new boolean[text.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = text.charAt(i) == '1';
    }
    return out;
  }

  /** Runs our node over the file in 20 ms chunks and rasterizes its segments to 10 ms. */
  private static boolean[] ours(Path wav, VadConfig config, int frames)
      throws IOException, UnsupportedFormatException {
    Pcm16Wav audio = Pcm16Wav.read(wav);
    AudioFormat format = AudioFormat.f32(audio.sampleRateHz(), audio.channels());
    VadNode node = new VadNode(config);
    int chunk = audio.sampleRateHz() / 50;
    node.configure(format, chunk);
    float[] in = new float[chunk * audio.channels()];
    float[] out = new float[node.maxOutputFrames(chunk) * audio.channels()];
    int total = audio.samples().length / audio.channels();
    for (int offset = 0; offset < total; offset += chunk) {
      int n = Math.min(chunk, total - offset);
      System.arraycopy(audio.samples(), offset * audio.channels(), in, 0, n * audio.channels());
      node.process(in, n, out);
    }
    node.flush(new float[node.maxFlushFrames() * audio.channels()]);
    boolean[] detected = new boolean[frames];
    for (SpeechSegment s : node.segments()) {
      for (int i = 0; i < frames; i++) {
        long mid = (long) i * FRAME_MS + FRAME_MS / 2;
        if (mid >= s.startMs() && mid < s.endMs()) {
          detected[i] = true;
        }
      }
    }
    return detected;
  }

  /**
   * The segment rules on 10 ms frame decisions: silences shorter than min silence inside
   * speech are filled, regions shorter than min speech dropped, the rest padded.
   */
  static boolean[] rules(boolean[] raw, int frames, VadConfig config) {
    int minSilence = Math.max(1, (config.minSilenceMs() + FRAME_MS - 1) / FRAME_MS);
    int minSpeech = Math.max(1, (config.minSpeechMs() + FRAME_MS - 1) / FRAME_MS);
    int pad = config.paddingMs() / FRAME_MS;
    boolean[] filled = Arrays.copyOf(raw, frames);
    int last = -1;
    for (int i = 0; i < frames; i++) {
      if (filled[i]) {
        if (last >= 0 && i - last - 1 < minSilence) {
          Arrays.fill(filled, last + 1, i, true);
        }
        last = i;
      }
    }
    boolean[] out = new boolean[frames];
    int i = 0;
    while (i < frames) {
      if (!filled[i]) {
        i++;
        continue;
      }
      int j = i;
      while (j < frames && filled[j]) {
        j++;
      }
      if (j - i >= minSpeech) {
        Arrays.fill(out, Math.max(0, i - pad), Math.min(frames, j + pad), true);
      }
      i = j;
    }
    return out;
  }

  private static void print(Map<String, Map<String, Score>> table, String[] detectors) {
    StringBuilder header = new StringBuilder("| condition |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String d : detectors) {
      header.append(' ').append(d).append(" F1 | ");
      rule.append("---:|");
      if (!d.equals("always")) {
        header.append(d).append(" FA % | ").append(d).append(" miss % |");
        rule.append("---:|---:|");
      }
    }
    System.out.println(header);
    System.out.println(rule);
    Map<String, Map<String, Score>> pooled = new LinkedHashMap<>();
    for (var entry : table.entrySet()) {
      row(entry.getKey(), entry.getValue(), detectors);
      if (entry.getKey().equals(CLEAN)) {
        continue;
      }
      String bySnr = "all noises, " + snr(entry.getKey()) + " dB";
      for (String key : new String[] {bySnr, "overall"}) {
        Map<String, Score> target = pooled.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (String d : detectors) {
          target.computeIfAbsent(d, k -> new Score()).add(entry.getValue().get(d));
        }
      }
    }
    List<String> keys = new ArrayList<>(pooled.keySet());
    keys.sort((a, b) -> a.equals("overall") ? 1 : b.equals("overall") ? -1
        : Integer.compare(snrOf(b), snrOf(a)));
    for (String key : keys) {
      row("**" + key + "**", pooled.get(key), detectors);
    }
  }

  private static int snrOf(String pooledKey) {
    return Integer.parseInt(pooledKey.replaceAll("[^0-9]", ""));
  }

  private static void row(String name, Map<String, Score> scores, String[] detectors) {
    StringBuilder line = new StringBuilder("| " + name + " |");
    for (String d : detectors) {
      Score s = scores.get(d);
      line.append(String.format(Locale.ROOT, " %.1f |", 100 * s.f1()));
      if (!d.equals("always")) {
        line.append(String.format(Locale.ROOT, " %.1f | %.1f |", 100 * s.falseAlarm(),
            100 * s.miss()));
      }
    }
    System.out.println(line);
  }
}
