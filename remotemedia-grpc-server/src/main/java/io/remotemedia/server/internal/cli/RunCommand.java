package io.remotemedia.server.internal.cli;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.wav.WavAudio;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.audio.wav.WavWriter;
import io.remotemedia.pipeline.opus.OggOpusAudio;
import io.remotemedia.pipeline.opus.OggOpusReader;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.internal.graph.GraphNode;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.internal.JsonText;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.proto.internal.wire.ReportWire;
import io.remotemedia.server.internal.transport.BoundedText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code run}: runs a manifest locally over WAV files and writes WAV (and JSON) results. The
 * options match the client's {@code call}, so switching to a server is one word.
 *
 * <p>Exit codes: 0 on success, 1 when the pipeline or a file fails (the message names it), 2
 * for bad arguments. Files are checked before the run: a missing input or manifest is "not
 * found", an output whose folder does not exist "cannot write", and audio that is not WAV is
 * named (MP3, FLAC, Ogg, ...) with the ffmpeg or sox command that converts it.
 */
public final class RunCommand {
  private final PrintStream out;
  private final PrintStream err;

  /**
   * Creates the command; it prints results to {@code out} and problems to {@code err}.
   *
   * @param out where results and help go (the caller keeps ownership)
   * @param err where errors go (the caller keeps ownership)
   */
  public RunCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code run} with the arguments after the subcommand; returns the exit code.
   *
   * @param args the arguments after {@code run}
   * @return 0 on success, 1 when the pipeline or a file fails, 2 for bad usage or files that do
   *     not fit the manifest
   */
  public int run(String[] args) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      out.println(RunOptions.USAGE);
      return 0;
    }
    RunOptions options;
    try {
      options = RunOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("remotemedia run: " + e.getMessage());
      err.println(RunOptions.USAGE);
      return 2;
    }
    return execute(LocalPipelineRunner.create(), options, "run", RunCommand::describeLocal);
  }

  /**
   * Words a pipeline failure as {@code run} prints it: its kind, then its message, with the
   * client text it quotes (a key, an id, a path) shortened as the server shortens it.
   */
  static String describe(PipelineException e) {
    return e.kind().name().toLowerCase(Locale.ROOT) + ": " + BoundedText.of(e.getMessage());
  }

  /** {@link #describe}, plus what to do when the input is longer than a local run holds. */
  private static String describeLocal(PipelineException e) {
    boolean tooLong = e.limit()
        .map(limit -> limit.limit().equals(ExecutionLimits.MAX_INPUT_SAMPLES)).orElse(false);
    return describe(e) + (tooLong ? "; run streams a single WAV or Ogg Opus input of any"
        + " length, but holds several inputs whole in memory: cut the files into parts, or"
        + " use call, which streams long input to a server" : "");
  }

  /**
   * Runs the options' manifest over their WAV files on {@code runner}: local for {@code run},
   * a server for {@code call}. Inputs and outputs are bound to the manifest's sources and
   * sinks as the built-in node types define them. Every file is checked before the run.
   *
   * @param describe words a pipeline failure for the user
   * @return 0, 1 when the pipeline or a file fails, 2 when the files do not fit the manifest
   */
  int execute(PipelineRunner runner, RunOptions options, String command,
      Function<PipelineException, String> describe) {
    boolean audioToStdout = options.outputs().values().stream()
        .anyMatch(RunFiles::isStandardOutput)
        || options.dataOutput() != null && RunFiles.isStandardOutput(options.dataOutput());
    if (audioToStdout && out != err) {
      // The results go to standard output: the lines about them go to standard error.
      return new RunCommand(err, err).execute(runner, options, command, describe);
    }
    try {
      checkFiles(options);
      PipelineManifest manifest;
      try {
        manifest = new ManifestParser().parse(options.manifest());
      } catch (IOException e) {
        throw RunFiles.cannotRead("--manifest", options.manifest(), e);
      }
      PipelineGraph graph = PipelineGraph.compile(manifest, NodeRegistry.standard());
      usageIfRefused(() -> EndpointKeyCheck.sources(manifest, "--input", named(options.inputs())));
      usageIfRefused(() -> EndpointKeyCheck.sinks(manifest, "--output", named(options.outputs())));
      Map<String, Path> inputs = bind(options.inputs(), graph.sources(), "--input", "source");
      Map<String, Path> outputs = options.outputs().isEmpty()
          ? Map.of()
          : bind(options.outputs(), graph.sinks(), "--output", "sink");
      return execute(runner, manifest, inputs, outputs, options.dataOutput());
    } catch (IllegalArgumentException e) {
      err.println("remotemedia " + command + ": " + e.getMessage());
      return 2;
    } catch (PipelineException e) {
      err.println("remotemedia " + command + ": " + describe.apply(e));
      return 1;
    } catch (UnusableFileException e) {
      err.println("remotemedia " + command + ": " + e.getMessage());
      return 1;
    }
  }

  private static void checkFiles(RunOptions options) throws UnusableFileException {
    RunFiles.checkManifest(options.manifest());
    for (Path input : options.inputs().values()) {
      RunFiles.checkInput(input);
    }
    Map<Path, String> read = new LinkedHashMap<>();
    read.put(options.manifest(), "--manifest");
    options.inputs().values().forEach(input -> read.put(input, "--input"));
    Map<Path, String> written = new LinkedHashMap<>();
    for (Path output : options.outputs().values()) {
      RunFiles.checkOutput("--output", output, "out.wav");
      RunFiles.checkWavName(output);
      RunFiles.checkNotRead("--output", output, read);
      RunFiles.checkWrittenOnce("--output", output, written);
    }
    if (options.dataOutput() != null) {
      RunFiles.checkOutput("--data-output", options.dataOutput(), "data.json");
      RunFiles.checkNotRead("--data-output", options.dataOutput(), read);
      RunFiles.checkWrittenOnce("--data-output", options.dataOutput(), written);
    }
  }

  private int execute(PipelineRunner runner, PipelineManifest manifest, Map<String, Path> inputs,
      Map<String, Path> outputs, Path dataOutput) throws UnusableFileException {
    Optional<Function<OpenStreamRequest, BlockStream>> streams = BlockStream.opener(runner);
    if (streams.isPresent() && inputs.size() == 1) {
      Map.Entry<String, Path> input = inputs.entrySet().iterator().next();
      try (InputBlocks blocks = InputBlocks.openToStream(input.getValue())) {
        if (blocks != null) {
          ExecutionResult result = new StreamedRun(out, RunCommand::encodingFor).run(
              streams.get(), manifest, input.getKey(), input.getValue(), blocks, outputs);
          return finish(result, dataOutput);
        }
      } catch (IOException e) {
        throw RunFiles.cannotRead("--input", input.getValue(), e);
      }
    }
    WavReader reader = new WavReader();
    OggOpusReader opusReader = new OggOpusReader(OggOpusReader.DEFAULT_MAX_FILE_BYTES,
        (int) Math.min(wholeOpusSamples(runner, Runtime.getRuntime().maxMemory()),
            OggOpusReader.DEFAULT_MAX_SAMPLES));
    Map<String, AudioBuffer> audio = new LinkedHashMap<>();
    Map<String, WavSampleEncoding> encodings = new LinkedHashMap<>();
    for (Map.Entry<String, Path> input : inputs.entrySet()) {
      try {
        if (!RunFiles.isPipe(input.getValue())
            && FileKind.of(input.getValue()) == FileKind.OGG_OPUS) {
          // Opus decodes to 16-bit PCM at 48 kHz; outputs on that grid are written as such.
          audio.put(input.getKey(), readOpus(opusReader, input.getValue(), runner).audio());
          encodings.put(input.getKey(), WavSampleEncoding.PCM_S16);
          continue;
        }
        WavAudio wav = reader.read(input.getValue());
        audio.put(input.getKey(), wav.toAudioBuffer());
        encodings.put(input.getKey(), wav.info().encoding());
      } catch (IOException e) {
        throw RunFiles.cannotRead("--input", input.getValue(), e);
      }
    }
    ExecutionResult result = runner.execute(
        new ExecutionRequest(manifest, audio, ExecutionLimits.UNSET));
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      AudioBuffer buffer = result.audio(output.getKey());
      WavSampleEncoding encoding = encodingFor(buffer.format().sampleFormat(), encodings);
      long clipped;
      try {
        clipped = WavWriter.write(output.getValue(), buffer, encoding);
      } catch (IOException e) {
        throw RunFiles.cannotWrite("--output", output.getValue(), e);
      }
      out.printf("%s: %d frames, %s, %s -> %s%s%n", output.getKey(), buffer.frameCount(),
          buffer.format(), encoding, output.getValue(),
          ClippedNote.of(result, output.getKey(), buffer.format(), encoding, clipped));
    }
    return finish(result, dataOutput);
  }

  /**
   * The most samples an Ogg Opus input held whole may decode to, checked as it decodes: a file
   * of 80 KB can decode to 147 M samples, so a check after decoding came after an
   * OutOfMemoryError. For {@code run}, the local runner's {@code max_input_samples}, which the
   * run would refuse anyway; for {@code call}, whose server may allow more, what the WAV reader
   * lets a WAV input hold as 16-bit samples, and no more than a sixteenth of the heap holds as
   * floats (decoding and sending copy them).
   *
   * @param maxHeapBytes the heap's size ({@code -Xmx})
   */
  static long wholeOpusSamples(PipelineRunner runner, long maxHeapBytes) {
    long local = runner instanceof LocalPipelineRunner localRunner
        ? localRunner.effectiveLimits(ExecutionLimits.UNSET).maxInputSamples() : 0;
    return local > 0 ? local : Math.min(WavReader.DEFAULT_MAX_DATA_BYTES / Short.BYTES,
        maxHeapBytes / (16L * Float.BYTES));
  }

  /** Decodes an Ogg Opus input whole; past the reader's limit, the message names the file. */
  private static OggOpusAudio readOpus(OggOpusReader reader, Path file, PipelineRunner runner)
      throws IOException {
    try {
      return reader.read(file);
    } catch (PipelineException e) {
      // Locally the bound is max_input_samples, so the failure is worded as that one's is.
      LimitViolation limit = e.limit().orElse(null);
      if (limit != null && runner instanceof LocalPipelineRunner) {
        limit = new LimitViolation(ExecutionLimits.MAX_INPUT_SAMPLES, limit.limitValue(),
            limit.actualValue());
      }
      String why = runner instanceof LocalPipelineRunner ? "" : "; call holds several inputs"
          + " whole in memory, at most as many samples as a 256 MiB WAV file or a sixteenth of"
          + " the heap (-Xmx) hold: give it one input, which it streams, or cut the file";
      throw PipelineException.builder(e.kind(), "--input " + file + ": " + e.getMessage() + why)
          .limit(limit)
          .build();
    }
  }

  /** Writes the data outputs, if asked for, and the run's times. */
  private int finish(ExecutionResult result, Path dataOutput) throws UnusableFileException {
    if (dataOutput != null) {
      try {
        // The JSON is the wire's: one mapping of typed reports to JSON, in the wire package.
        Map<String, Object> data = new LinkedHashMap<>();
        result.dataOutputs().forEach((id, report) -> data.put(id, ReportWire.toTree(report)));
        Files.writeString(dataOutput, JsonText.write(data), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw RunFiles.cannotWrite("--data-output", dataOutput, e);
      }
      out.printf("data outputs of %s -> %s%n", result.dataOutputs().keySet(), dataOutput);
    }
    out.printf("done in %.1f ms (%.1f ms CPU)%n", result.metrics().wallMs(),
        result.metrics().cpuMs());
    return 0;
  }

  /**
   * Keeps an input's encoding (24-bit stays 24-bit) when the sink's grid matches it. A μ-law or
   * A-law input's output is written as 16-bit PCM: companding it again would add its noise twice.
   */
  private static WavSampleEncoding encodingFor(
      SampleFormat format, Map<String, WavSampleEncoding> inputEncodings) {
    for (WavSampleEncoding encoding : inputEncodings.values()) {
      if (encoding.sampleFormat() == format && encoding != WavSampleEncoding.PCM_U8
          && encoding != WavSampleEncoding.FLOAT64 && encoding.g711Law() == null) {
        return encoding;
      }
    }
    return switch (format) {
      case F32 -> WavSampleEncoding.FLOAT32;
      case I16 -> WavSampleEncoding.PCM_S16;
      case I32 -> WavSampleEncoding.PCM_S32;
    };
  }

  /** The node ids that {@code NODE=FILE} options name; the empty key stands for no name. */
  private static Set<String> named(Map<String, Path> files) {
    return files.keySet().stream().filter(node -> !node.isEmpty()).collect(Collectors.toSet());
  }

  /**
   * Runs a check of the options' keys, which the server makes of a request's keys with the same
   * words; a refusal is a usage mistake (exit 2), found before any file is read.
   */
  static void usageIfRefused(Runnable check) {
    try {
      check.run();
    } catch (PipelineException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Binds each file to its node: the one source or sink for an unnamed file. */
  private static Map<String, Path> bind(Map<String, Path> given, List<GraphNode> nodes,
      String option, String role) {
    List<String> ids = nodes.stream().map(GraphNode::id).toList();
    Map<String, Path> bound = new LinkedHashMap<>();
    for (Map.Entry<String, Path> entry : given.entrySet()) {
      String node = entry.getKey();
      if (node.isEmpty()) {
        if (ids.size() != 1) {
          throw new IllegalArgumentException("the pipeline has " + ids.size() + " " + role
              + " nodes (" + EndpointKeyCheck.listed(ids) + "); give each its file with "
              + option + " NODE=FILE");
        }
        node = ids.get(0);
      }
      bound.put(node, entry.getValue());
    }
    return bound;
  }
}
