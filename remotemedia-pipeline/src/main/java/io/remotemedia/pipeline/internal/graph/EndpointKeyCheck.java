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
import java.util.function.Function;

/**
 * Checks that every key of a request's map by node names a node of the manifest in the right
 * place: an input (audio, or an explanation's input format) a source, a node that no connection
 * enters; an output encoding a sink, a node that no connection leaves, as {@link
 * GraphNode#isSource()} and {@link GraphNode#isSink()} say once the manifest is compiled. A key
 * that named another node, or none, would otherwise be ignored or fail later with less to go
 * on. The one home of this rule, of its converse (every source has its audio input, {@link
 * #everySourceGiven}), and of how such keys, which are client text, are quoted.
 */
public final class EndpointKeyCheck {
  /** The longest key quoted in a refusal, in characters: keys are client text. */
  static final int MAX_KEY_CHARS = 64;
  /** The most node ids, or keys, a refusal lists; the rest are counted. */
  static final int MAX_LISTED = 16;

  private EndpointKeyCheck() {}

  /** Where a request's key must point: the node's place in the graph. */
  private enum End {
    SOURCE("source", "enters", ConnectionSpec::to),
    SINK("sink", "leaves", ConnectionSpec::from);

    final String noun;
    final String verb;
    final Function<ConnectionSpec, String> excluded;

    End(String noun, String verb, Function<ConnectionSpec, String> excluded) {
      this.noun = noun;
      this.verb = verb;
      this.excluded = excluded;
    }
  }

  /**
   * Refuses the first key, in sorted order, of a request's output encodings that is not a sink
   * of {@code manifest}.
   *
   * @param manifest the pipeline the request runs
   * @param keys the keys of the request's output encodings
   * @throws PipelineException VALIDATION naming the key (at most {@value #MAX_KEY_CHARS}
   *     characters of it), whether it names no node or a node that is not a sink, and the
   *     manifest's sinks
   */
  public static void sinks(PipelineManifest manifest, Collection<String> keys) {
    sinks(manifest, "output_encodings", keys);
  }

  /**
   * Refuses the first key, in sorted order, of a map that {@code field} names that is not a
   * sink of {@code manifest}: as {@link #sinks(PipelineManifest, Collection)}, for a request
   * whose map has another name, such as the command line's {@code --output}.
   *
   * @param manifest the pipeline the request runs
   * @param field how the request names the map
   * @param keys the map's keys
   * @throws PipelineException VALIDATION, worded as {@link #sinks(PipelineManifest, Collection)}
   */
  public static void sinks(PipelineManifest manifest, String field, Collection<String> keys) {
    check(manifest, field, keys, End.SINK);
  }

  /**
   * Refuses the first key, in sorted order, of a request's inputs that is not a source of
   * {@code manifest}.
   *
   * @param manifest the pipeline the request runs
   * @param field how the request names the map, such as {@code audio_inputs}
   * @param keys the map's keys
   * @throws PipelineException VALIDATION naming the key (at most {@value #MAX_KEY_CHARS}
   *     characters of it), whether it names no node or a node that is not a source, and the
   *     manifest's sources
   */
  public static void sources(PipelineManifest manifest, String field, Collection<String> keys) {
    check(manifest, field, keys, End.SOURCE);
  }

  /**
   * Refuses a request that gives no audio input to a source of {@code manifest}, naming the
   * first such source in the manifest's order, the order in which a compiled graph runs its
   * sources. Check the keys with {@link #sources} first: a key that is not a source leaves
   * one without its input.
   *
   * @param manifest the pipeline the request runs
   * @param keys the keys of the request's audio inputs
   * @throws PipelineException INVALID_AUDIO naming the source with no input and the keys given
   *     (at most {@value #MAX_LISTED}, each cut to {@value #MAX_KEY_CHARS} characters)
   */
  public static void everySourceGiven(PipelineManifest manifest, Collection<String> keys) {
    for (String source : ends(manifest, End.SOURCE)) {
      if (!keys.contains(source)) {
        throw PipelineException.of(ErrorKind.INVALID_AUDIO, "source node \"" + source
            + "\" has no audio input; audio_inputs given: "
            + (keys.isEmpty() ? "none" : listed(new TreeSet<>(keys))));
      }
    }
  }

  private static void check(PipelineManifest manifest, String field, Collection<String> keys,
      End end) {
    if (keys.isEmpty()) {
      return;
    }
    Set<String> nodes = new HashSet<>();
    manifest.nodes().stream().map(NodeSpec::id).forEach(nodes::add);
    Set<String> connected = connected(manifest, end);
    for (String key : new TreeSet<>(keys)) {
      if (!nodes.contains(key)) {
        throw refusal(manifest, connected, where(field, key) + " names no node of the manifest",
            end);
      }
      if (connected.contains(key)) {
        throw refusal(manifest, connected, where(field, key) + " names a node that is not a "
            + end.noun + " (a connection " + end.verb + " it)", end);
      }
    }
  }

  private static PipelineException refusal(PipelineManifest manifest, Set<String> connected,
      String problem, End end) {
    List<String> ends = ends(manifest, connected);
    return PipelineException.of(ErrorKind.VALIDATION, problem + "; " + end.noun + "s: "
        + (ends.isEmpty() ? "none" : listed(ends)));
  }

  /** {@return the manifest's sources or sinks, in the manifest's order} */
  private static List<String> ends(PipelineManifest manifest, End end) {
    return ends(manifest, connected(manifest, end));
  }

  private static List<String> ends(PipelineManifest manifest, Set<String> connected) {
    return manifest.nodes().stream().map(NodeSpec::id)
        .filter(id -> !connected.contains(id)).toList();
  }

  /** {@return the nodes a connection enters (for sources) or leaves (for sinks)} */
  private static Set<String> connected(PipelineManifest manifest, End end) {
    Set<String> connected = new HashSet<>();
    manifest.connections().stream().map(end.excluded).forEach(connected::add);
    return connected;
  }

  /**
   * {@return {@code ids} joined by commas, at most {@value #MAX_LISTED} of them and each cut to
   * {@value #MAX_KEY_CHARS} characters, the rest counted: for naming the keys a request gave}
   *
   * @param ids node ids or a request's keys, in the order to list them
   */
  public static String listed(Collection<String> ids) {
    List<String> shown = ids.stream().limit(MAX_LISTED).map(EndpointKeyCheck::cut).toList();
    return String.join(", ", shown)
        + (ids.size() > MAX_LISTED ? " and " + (ids.size() - MAX_LISTED) + " more" : "");
  }

  /**
   * {@return how errors name the entry keyed {@code key} of the request's map {@code field}:
   * {@code output_encodings["vad"]}, the key cut to {@value #MAX_KEY_CHARS} characters with its
   * length stated}
   *
   * @param field the map's name, such as {@code output_encodings}
   * @param key a key of that map, as the client sent it
   */
  public static String where(String field, String key) {
    return field + "[\"" + cut(key) + "\"]";
  }

  private static String cut(String key) {
    return key.length() <= MAX_KEY_CHARS ? key
        : key.substring(0, MAX_KEY_CHARS) + "…(" + key.length() + " characters)";
  }
}
