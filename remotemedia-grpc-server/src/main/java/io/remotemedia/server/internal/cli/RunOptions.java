package io.remotemedia.server.internal.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code run}: {@code --manifest M --input [node=]IN.wav --output [node=]OUT.wav
 * [--data-output OUT.json]}. An input or output without {@code node=} belongs to the
 * pipeline's only source or sink. A file given as {@code -} is the standard input ({@code
 * /dev/stdin}) for an input and the standard output ({@code /dev/stdout}) for an output, as
 * sox and ffmpeg read it; a file named {@code -} is {@code ./-}. A FILE whose name holds
 * {@code =} is taken whole when what comes before the {@code =} holds a {@code /} or starts with
 * {@code .} ({@code ./take=1.wav}, {@code out/date=2026-12-07.wav}), or, for an input, when
 * it names an existing file and the part after the {@code =} does not: before, {@code
 * take=1.wav} was read as node {@code take}'s file {@code 1.wav}, and reported not found.
 *
 * @param manifest the manifest file, JSON or YAML
 * @param inputs WAV files by source node id; the key is empty for the only source
 * @param outputs WAV files by sink node id; the key is empty for the only sink
 * @param dataOutput where to write the data outputs as JSON, or null
 */
record RunOptions(Path manifest, Map<String, Path> inputs, Map<String, Path> outputs,
    Path dataOutput) {

  /** The option lines shared by {@code run} and {@code call}, for their usage texts. */
  static final String SHARED_OPTIONS = """
        --manifest FILE         the pipeline, JSON or YAML
        --input [NODE=]FILE     a WAV or Ogg Opus file for a source node; repeat for several;
                                - reads standard input (one source only)
        --output [NODE=]FILE    where to write a sink node's audio as WAV; repeat for several;
                                - writes standard output (then the lines about it go to stderr)
        --data-output FILE      write the data outputs (e.g. VAD segments) as JSON; - as above
      """.stripTrailing();

  /** What {@code run} and {@code call} do with one long WAV input, for their usage texts. */
  static final String LONG_INPUT = "  a single WAV input over 16 MiB (as 32-bit samples), or a"
      + " single Ogg Opus\n  input, is read, run and written block by block, so any length fits"
      + " in memory";

  static final String USAGE = """
      usage: java -jar remotemedia-server.jar run --manifest FILE --input [NODE=]IN.wav
                                                  --output [NODE=]OUT.wav [--data-output OUT.json]
      """ + SHARED_OPTIONS + "\n  runs the pipeline here\n" + LONG_INPUT;

  /** Takes a subcommand's own option at {@code args[index]}. */
  interface ExtraOptions {
    /** Returns the index of the option's last argument, or -1 if it is not one of them. */
    int accept(String[] args, int index);
  }

  /** The file name that stands for the standard input or output. */
  static final String STANDARD_STREAM = "-";
  private static final Path STANDARD_INPUT = Path.of("/dev/stdin");
  private static final Path STANDARD_OUTPUT = Path.of("/dev/stdout");

  static RunOptions parse(String[] args) {
    return parse(args, (all, index) -> -1);
  }

  /** Parses the shared options, offering every other argument to {@code extra}. */
  static RunOptions parse(String[] args, ExtraOptions extra) {
    Path manifest = null;
    Map<String, Path> inputs = new LinkedHashMap<>();
    Map<String, Path> outputs = new LinkedHashMap<>();
    Path dataOutput = null;
    Set<String> given = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--manifest" -> manifest = Path.of(value(args, ++i, once(given, "--manifest")));
        case "--input" -> put(inputs, value(args, ++i, "--input"), "--input", STANDARD_INPUT,
            true);
        case "--output" -> put(outputs, value(args, ++i, "--output"), "--output",
            STANDARD_OUTPUT, false);
        case "--data-output" -> dataOutput = file(value(args, ++i,
            once(given, "--data-output")), STANDARD_OUTPUT);
        default -> i = offer(extra, args, i);
      }
    }
    if (manifest == null) {
      throw new IllegalArgumentException("--manifest is required");
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("--input is required");
    }
    if (inputs.values().stream().filter(STANDARD_INPUT::equals).count() > 1) {
      throw new IllegalArgumentException("--input " + STANDARD_STREAM + " (standard input) is"
          + " given for more than one source; it can be read once: give the others as files");
    }
    if (outputs.isEmpty() && dataOutput == null) {
      throw new IllegalArgumentException("--output or --data-output is required");
    }
    return new RunOptions(manifest, inputs, outputs, dataOutput);
  }

  /**
   * Offers {@code args[index]}, which no shared option took, to {@code extra}; returns the index
   * of its last argument.
   *
   * @throws IllegalArgumentException if {@code extra} does not take it either
   */
  static int offer(ExtraOptions extra, String[] args, int index) {
    int last = extra.accept(args, index);
    if (last < 0) {
      throw new IllegalArgumentException("unknown argument \"" + args[index] + "\"");
    }
    return last;
  }

  private static void put(Map<String, Path> into, String spec, String option, Path standard,
      boolean read) {
    int equals = spec.indexOf('=');
    boolean named = equals > 0 && namesNode(spec, equals, read);
    String node = named ? spec.substring(0, equals) : "";
    Path file = file(named ? spec.substring(equals + 1) : spec, standard);
    if (into.putIfAbsent(node, file) != null) {
      throw new IllegalArgumentException(option + " is given twice for "
          + (node.isEmpty() ? "the only node; name the nodes with NODE=FILE" : "node " + node));
    }
  }

  /**
   * {@return whether {@code spec}, whose first {@code =} is at {@code equals}, is NODE=FILE}
   * Existing files decide only for a file to {@code read}: an output's file usually does not
   * exist yet, and one left from an earlier run must not turn NODE=FILE into a file name.
   */
  private static boolean namesNode(String spec, int equals, boolean read) {
    String before = spec.substring(0, equals);
    if (before.startsWith(".") || before.indexOf('/') >= 0
        || before.indexOf(File.separatorChar) >= 0) {
      return false;
    }
    return !(read && Files.exists(Path.of(spec))
        && !Files.exists(Path.of(spec.substring(equals + 1))));
  }

  /** {@return the file {@code name} names: {@code standard} for {@value #STANDARD_STREAM}} */
  private static Path file(String name, Path standard) {
    return name.equals(STANDARD_STREAM) ? standard : Path.of(name);
  }

  /**
   * Notes that {@code option}, which takes one value, is given; a second time is refused, as
   * the server's flags are, instead of the last one silently winning.
   *
   * @return {@code option}
   * @throws IllegalArgumentException if {@code given} has it already
   */
  static String once(Set<String> given, String option) {
    if (!given.add(option)) {
      throw new IllegalArgumentException(option + " is given twice; give it once");
    }
    return option;
  }

  static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }
}
