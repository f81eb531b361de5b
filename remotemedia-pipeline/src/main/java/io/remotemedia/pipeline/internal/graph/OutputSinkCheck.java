package io.remotemedia.pipeline.internal.graph;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ConnectionSpec;
import io.remotemedia.pipeline.manifest.NodeSpec;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that every key of a request's output encodings names a sink of its manifest: a node
 * that no connection leaves, as {@link GraphNode#isSink()} says once the manifest is compiled.
 * A key that named another node, or none, would otherwise be ignored and the sink the caller
 * meant would come back as PCM. The one home of this rule: the stream and explain requests
 * check it when they are made, on the embedded runner and at the server alike, and the server
 * checks a unary call's output encodings with it.
 */
public final class OutputSinkCheck {
  /** The longest key quoted in a refusal, in characters: keys are client text. */
  static final int MAX_KEY_CHARS = 64;
  /** The most sinks a refusal lists; the rest are counted. */
  static final int MAX_LISTED_SINKS = 16;

  private OutputSinkCheck() {}

  /**
   * Refuses the first key, in sorted order, that is not a sink of {@code manifest}.
   *
   * @param manifest the pipeline the request runs
   * @param keys the keys of the request's output encodings
   * @throws PipelineException VALIDATION naming the key (at most {@value #MAX_KEY_CHARS}
   *     characters of it), whether it names no node or a node that is not a sink, and the
   *     manifest's sinks
   */
  public static void check(PipelineManifest manifest, Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    Set<String> nodes = new HashSet<>();
    manifest.nodes().stream().map(NodeSpec::id).forEach(nodes::add);
    Set<String> fed = new HashSet<>();
    manifest.connections().stream().map(ConnectionSpec::from).forEach(fed::add);
    for (String key : new TreeSet<>(keys)) {
      if (!nodes.contains(key)) {
        throw refusal(manifest, fed, key, "names no node of the manifest");
      }
      if (fed.contains(key)) {
        throw refusal(manifest, fed, key, "names a node that is not a sink (a connection"
            + " leaves it)");
      }
    }
  }

  private static PipelineException refusal(PipelineManifest manifest, Set<String> fed,
      String key, String problem) {
    List<String> sinks = manifest.nodes().stream().map(NodeSpec::id)
        .filter(id -> !fed.contains(id)).toList();
    String listed = sinks.size() <= MAX_LISTED_SINKS ? String.join(", ", sinks)
        : String.join(", ", sinks.subList(0, MAX_LISTED_SINKS)) + " and "
            + (sinks.size() - MAX_LISTED_SINKS) + " more";
    return PipelineException.of(ErrorKind.VALIDATION, where(key) + " " + problem + "; sinks: "
        + (sinks.isEmpty() ? "none" : listed));
  }

  /**
   * {@return how errors name the output encoding keyed {@code key}: {@code
   * output_encodings["vad"]}, the key cut to {@value #MAX_KEY_CHARS} characters with its length
   * stated}
   *
   * @param key a key of a request's output encodings, as the client sent it
   */
  public static String where(String key) {
    String quoted = key.length() <= MAX_KEY_CHARS ? key
        : key.substring(0, MAX_KEY_CHARS) + "…(" + key.length() + " characters)";
    return "output_encodings[\"" + quoted + "\"]";
  }
}
