package io.remotemedia.pipeline.manifest;

import java.util.Map;

/**
 * Where each value of a parsed manifest stood in its source text, and the key of each object's
 * field, by path ({@code nodes[0].params.gain_db}). Immutable.
 */
final class SourceMap {
  /** A map that knows no positions: for manifests built in code or from protobuf. */
  static final SourceMap EMPTY = new SourceMap(Map.of(), Map.of());

  private final Map<String, int[]> positions;
  private final Map<String, int[]> keyPositions;
  private final int longestPath;

  /**
   * @param positions the line and column of each value, by path
   * @param keyPositions the line and column of the key of each object's field, by the path of
   *     its value
   */
  SourceMap(Map<String, int[]> positions, Map<String, int[]> keyPositions) {
    this.positions = positions;
    this.keyPositions = keyPositions;
    this.longestPath = positions.keySet().stream().mapToInt(String::length).max().orElse(-1);
  }

  /**
   * {@return the location of {@code path}} When the path itself has no position (a value that
   * is absent), the nearest enclosing path that has one gives the line and column. The walk up
   * starts within the longest path that has a position, so a long client-chosen path (a key
   * full of dots) costs about its length, not its length squared.
   *
   * @param path the dotted path of a value, for example {@code nodes[2].params.gain_db}
   */
  ManifestLocation locate(String path) {
    if (positions.isEmpty()) {
      return ManifestLocation.ofPath(path);
    }
    String probe = path.length() <= longestPath ? path : parentWithin(path, longestPath);
    while (true) {
      int[] position = positions.get(probe);
      if (position != null) {
        return new ManifestLocation(path, position[0], position[1]);
      }
      if (probe.isEmpty()) {
        return ManifestLocation.ofPath(path);
      }
      probe = parentOf(probe);
    }
  }

  /**
   * {@return the location of the key of the field at {@code path}} A value that is no object's
   * field (a list's item, the document), or whose key has no position, is located as {@link
   * #locate} locates it.
   *
   * @param path the dotted path of a field's value, for example {@code nodes[2].params.gain}
   */
  ManifestLocation locateKey(String path) {
    int[] position = keyPositions.get(path);
    return position == null ? locate(path) : new ManifestLocation(path, position[0], position[1]);
  }

  /** The longest enclosing path of {@code path} of at most {@code length} characters. */
  private static String parentWithin(String path, int length) {
    int cut = Math.max(path.lastIndexOf('.', length), path.lastIndexOf('[', length));
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  private static String parentOf(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }
}
