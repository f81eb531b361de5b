package io.remotemedia.server.internal.cli;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.InputEncoding;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of {@code explain}: {@code --manifest M --input NODE=RATE:CHANNELS[:ENCODING
 * [:PACKET_MS]] [--output-encoding NODE=ENCODING[:BITRATE_BPS[:FRAME_MS]]]}, and optionally the
 * remote options of {@code call}.
 *
 * @param manifest the manifest file, JSON or YAML
 * @param formats each source's input format (F32 for PCM; coded input decodes to I16)
 * @param inputEncodings each coded source's encoding
 * @param outputEncodings each coded sink's encoding
 */
record ExplainOptions(Path manifest, Map<String, AudioFormat> formats,
    Map<String, InputEncoding> inputEncodings, Map<String, OutputEncoding> outputEncodings) {

  static final String OPTIONS = """
        --manifest FILE         the pipeline, JSON or YAML
        --input NODE=RATE:CHANNELS[:ENCODING[:PACKET_MS]]
                                a source's input, e.g. in=48000:1:opus-packets:20; repeat for
                                several sources. ENCODING: pcm (default), mu-law, a-law,
                                ogg-opus, opus-packets; PACKET_MS (Opus) default 20
        --output-encoding NODE=ENCODING[:BITRATE_BPS[:FRAME_MS]]
                                the encoding a sink's output is asked for in, e.g.
                                out=opus-packets:24000:20; Opus defaults 24000 and 20
      """.stripTrailing();

  /** Parses the options, offering every other argument to {@code extra}. */
  static ExplainOptions parse(String[] args, RunOptions.ExtraOptions extra) {
    Path manifest = null;
    Map<String, AudioFormat> formats = new LinkedHashMap<>();
    Map<String, InputEncoding> inputs = new LinkedHashMap<>();
    Map<String, OutputEncoding> outputs = new LinkedHashMap<>();
    Set<String> given = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--manifest" -> manifest = Path.of(RunOptions.value(args, ++i,
            RunOptions.once(given, "--manifest")));
        case "--input" -> input(RunOptions.value(args, ++i, "--input"), formats, inputs);
        case "--output-encoding" -> output(RunOptions.value(args, ++i, "--output-encoding"),
            outputs);
        default -> i = RunOptions.offer(extra, args, i);
      }
    }
    if (manifest == null) {
      throw new IllegalArgumentException("--manifest is required");
    }
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("--input is required");
    }
    return new ExplainOptions(manifest, formats, inputs, outputs);
  }

  private static void input(String spec, Map<String, AudioFormat> formats,
      Map<String, InputEncoding> inputs) {
    String[] node = node(spec, "--input");
    String[] parts = node[1].split(":", -1);
    if (parts.length < 2 || parts.length > 4) {
      throw new IllegalArgumentException("--input " + spec + ": expected"
          + " NODE=RATE:CHANNELS[:ENCODING[:PACKET_MS]]");
    }
    AudioEncoding encoding = parts.length > 2 ? encoding(parts[2], "--input " + spec)
        : AudioEncoding.PCM;
    int rate = number(parts[0], "--input " + spec, "RATE");
    int channels = number(parts[1], "--input " + spec, "CHANNELS");
    if (rate < 1 || rate > AudioFormat.MAX_SAMPLE_RATE_HZ || channels < 1
        || channels > AudioFormat.MAX_CHANNELS) {
      throw new IllegalArgumentException("--input " + spec + ": RATE must be in [1, "
          + AudioFormat.MAX_SAMPLE_RATE_HZ + "] and CHANNELS in [1, " + AudioFormat.MAX_CHANNELS
          + "]");
    }
    if (formats.putIfAbsent(node[0], new AudioFormat(rate, channels,
        encoding == AudioEncoding.PCM ? SampleFormat.F32 : SampleFormat.I16)) != null) {
      throw new IllegalArgumentException("--input is given twice for node " + node[0]);
    }
    if (encoding != AudioEncoding.PCM) {
      // Microseconds on the wire; a 2.5 ms packet is the one duration that is not whole ms.
      int packetUs = parts.length > 3
          ? (int) Math.round(1000 * decimal(parts[3], "--input " + spec, "PACKET_MS"))
          : InputEncoding.DEFAULT_PACKET_DURATION_US;
      if (encoding == AudioEncoding.OPUS_PACKETS
          && (packetUs <= 0 || packetUs % 2500 != 0 || packetUs > 120_000)) {
        // Said here in the option's milliseconds; the codec's check speaks microseconds.
        throw new IllegalArgumentException("--input " + spec + ": PACKET_MS must be a"
            + " multiple of 2.5 up to 120 (Opus packets last 2.5, 5, 10, 20, 40, 60 ms or"
            + " several frames up to 120), was " + parts[3]);
      }
      inputs.put(node[0], new InputEncoding(encoding, packetUs));
    }
  }

  private static void output(String spec, Map<String, OutputEncoding> outputs) {
    String[] node = node(spec, "--output-encoding");
    String[] parts = node[1].split(":", -1);
    if (parts.length > 3) {
      throw new IllegalArgumentException("--output-encoding " + spec + ": expected"
          + " NODE=ENCODING[:BITRATE_BPS[:FRAME_MS]]");
    }
    String where = "--output-encoding " + spec;
    OutputEncoding encoding = new OutputEncoding(encoding(parts[0], where),
        parts.length > 1 ? number(parts[1], where, "BITRATE_BPS")
            : OutputEncoding.DEFAULT_BITRATE_BPS,
        parts.length > 2 ? number(parts[2], where, "FRAME_MS")
            : OutputEncoding.DEFAULT_FRAME_DURATION_MS);
    if (outputs.putIfAbsent(node[0], encoding) != null) {
      throw new IllegalArgumentException("--output-encoding is given twice for node " + node[0]);
    }
  }

  private static String[] node(String spec, String option) {
    int equals = spec.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException(option + " " + spec + ": name the node, NODE=...");
    }
    return new String[] {spec.substring(0, equals), spec.substring(equals + 1)};
  }

  private static AudioEncoding encoding(String name, String where) {
    String constant = name.toUpperCase(Locale.ROOT).replace('-', '_');
    for (AudioEncoding encoding : AudioEncoding.values()) {
      if (encoding.name().equals(constant)) {
        return encoding;
      }
    }
    throw new IllegalArgumentException(where + ": unknown encoding \"" + name + "\"; known: "
        + Arrays.stream(AudioEncoding.values())
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", ")));
  }

  private static int number(String text, String where, String what) {
    if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
      // Digits past an int's range are a whole number too: say what is wrong with it.
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException tooLarge) {
        throw new IllegalArgumentException(where + ": " + what + " is " + text + ", over the"
            + " largest this takes (" + Integer.MAX_VALUE + ")", tooLarge);
      }
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": " + what + " must be a whole number, was \""
          + text + "\"", e);
    }
  }

  private static double decimal(String text, String where, String what) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": " + what + " must be a number, was \""
          + text + "\"", e);
    }
  }
}
