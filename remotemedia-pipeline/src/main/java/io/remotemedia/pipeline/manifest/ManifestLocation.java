package io.remotemedia.pipeline.manifest;

/**
 * A place in a manifest: a path such as {@code nodes[2].params.gain_db} and, when the manifest
 * came from text, the 1-based line and column there.
 *
 * @param path the path into the document; empty for the document itself
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record ManifestLocation(String path, int line, int column) {
  /**
   * {@return a location with a path and no position in any text}
   *
   * @param path the dotted path of the value, for example {@code nodes[2].params.gain_db}
   */
  public static ManifestLocation ofPath(String path) {
    return new ManifestLocation(path, 0, 0);
  }

  /** {@return true when the line and column are known} */
  public boolean hasPosition() {
    return line > 0;
  }

  /** {@return {@code "nodes[2].params.gain_db (line 7, column 20)"}, or just the path} */
  public String describe() {
    String where = path.isEmpty() ? "manifest" : path;
    return hasPosition() ? where + " (line " + line + ", column " + column + ")" : where;
  }
}
