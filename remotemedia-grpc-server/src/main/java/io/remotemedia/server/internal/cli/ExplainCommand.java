package io.remotemedia.server.internal.cli;

import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code explain}: dry-runs a manifest, here or on a server ({@code --target}), and prints the
 * nodes, the decoders and encoders at its edges, their latencies and the total. Runs no audio.
 * Exit codes: 0 when explained, 1 when the manifest or an encoding does not fit or the server
 * fails, 2 for bad arguments (among them an {@code --input} or {@code --output-encoding} key
 * that is not a source or a sink).
 */
public final class ExplainCommand {
  static final String USAGE = """
      usage: java -jar remotemedia-server.jar explain --manifest FILE
                 --input NODE=RATE:CHANNELS[:ENCODING[:PACKET_MS]]
                 [--output-encoding NODE=ENCODING[:BITRATE_BPS[:FRAME_MS]]]
                 [--target HOST:PORT [--token-file FILE] [--tls-ca FILE ...]]
      """ + ExplainOptions.OPTIONS + "\n" + RemoteOptions.OPTIONS
      + "\n  without --target, explains here, with the built-in node types";

  private final PrintStream out;
  private final PrintStream err;

  /**
   * Creates the command; it prints the explanation to {@code out} and problems to {@code err}.
   *
   * @param out where the explanation and help go (the caller keeps ownership)
   * @param err where errors go (the caller keeps ownership)
   */
  public ExplainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code explain} with the arguments after the subcommand.
   *
   * @param args the arguments after {@code explain}
   * @return 0 when explained, 1 when it fails, 2 for bad usage
   */
  public int run(String[] args) {
    if (args.length == 1 && args[0].equals("--help")) {
      out.println(USAGE);
      return 0;
    }
    RemoteOptions remote = new RemoteOptions();
    ExplainOptions options;
    try {
      options = ExplainOptions.parse(args, remote);
      if (remote.target() != null) {
        remote.check();
      }
    } catch (IllegalArgumentException e) {
      err.println("remotemedia explain: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    PipelineManifest manifest;
    try {
      RunFiles.checkManifest(options.manifest());
      manifest = new ManifestParser().parse(options.manifest());
      if (remote.target() == null) {
        // A graph that does not compile (a cycle) is named before its sources and sinks are.
        PipelineGraph.compile(manifest, NodeRegistry.standard());
      }
    } catch (IOException e) {
      err.println("remotemedia explain: " + RunFiles.cannotRead("--manifest", options.manifest(),
          e).getMessage());
      return 1;
    } catch (UnusableFileException e) {
      err.println("remotemedia explain: " + e.getMessage());
      return 1;
    } catch (PipelineException e) {
      err.println("remotemedia explain: " + RunCommand.describe(e));
      return 1;
    }
    try {
      // As run words it: a usage mistake, before anything is explained or sent.
      RunCommand.usageIfRefused(() -> EndpointKeyCheck.sources(manifest, "--input",
          options.formats().keySet()));
      RunCommand.usageIfRefused(() -> EndpointKeyCheck.sinks(manifest, "--output-encoding",
          options.outputEncodings().keySet()));
    } catch (IllegalArgumentException e) {
      err.println("remotemedia explain: " + e.getMessage());
      return 2;
    }
    ExplainRequest request;
    try {
      request = new ExplainRequest(manifest, options.formats(), Map.of(),
          ExecutionLimits.UNSET, options.inputEncodings(), options.outputEncodings());
    } catch (PipelineException e) {
      err.println("remotemedia explain: " + RunCommand.describe(e));
      return 1;
    }
    if (remote.target() == null) {
      return explain(LocalPipelineRunner.create(), request, RunCommand::describe);
    }
    RemoteMediaClient client;
    try {
      client = remote.client();
    } catch (IOException e) {
      err.println("remotemedia explain: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("remotemedia explain: " + e.getMessage());
      return 2;
    }
    try (client) {
      return explain(client, request, failure -> CallCommand.describe(failure, remote));
    }
  }

  private int explain(PipelineRunner runner, ExplainRequest request,
      Function<PipelineException, String> describe) {
    Explanation explanation;
    try {
      explanation = runner.explain(request);
    } catch (PipelineException e) {
      err.println("remotemedia explain: " + describe.apply(e));
      return 1;
    }
    for (Explanation.ExplainedEdge edge : explanation.edges()) {
      if (edge.kind() == Explanation.AdapterKind.DECODER) {
        out.println(edge(edge));
      }
    }
    for (Explanation.ExplainedNode node : explanation.nodes()) {
      out.println(String.format(Locale.ROOT, "node %s (%s): %s -> %s, latency %.3f ms",
          node.id(), node.nodeType(), node.inputFormat(), node.outputFormat(),
          node.latencyMs()));
    }
    for (Explanation.ExplainedEdge edge : explanation.edges()) {
      if (edge.kind() == Explanation.AdapterKind.ENCODER) {
        out.println(edge(edge));
      }
    }
    out.println(String.format(Locale.ROOT, "total latency %.3f ms, memory estimate %d bytes, %s",
        explanation.totalLatencyMs(), explanation.memoryEstimateBytes(),
        explanation.admitted() ? "admitted" : "not admitted: " + explanation.refusal()));
    return 0;
  }

  private static String edge(Explanation.ExplainedEdge edge) {
    // Like a node's line, what goes in, then what comes out: the coded side and the PCM side.
    StringBuilder line = new StringBuilder(edge.kind() == Explanation.AdapterKind.DECODER
        ? "decoder " + edge.nodeId() + ": " + edge.encoding() + " -> " + edge.format()
        : "encoder " + edge.nodeId() + ": " + edge.format() + " -> " + edge.encoding());
    if (edge.frameDurationUs() > 0) {
      line.append(String.format(Locale.ROOT, ", %s ms packets", edge.frameDurationUs() / 1000.0));
    }
    if (edge.bitrateBps() > 0) {
      line.append(", ").append(edge.bitrateBps()).append(" bit/s");
    }
    if (edge.lookaheadFrames() > 0) {
      line.append(", look-ahead ").append(edge.lookaheadFrames()).append(" frames, delay ")
          .append(edge.delayFrames()).append(" frames");
    }
    return line.append(String.format(Locale.ROOT, ", latency %.3f ms", edge.latencyMs()))
        .toString();
  }
}
