package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.internal.ClientText;
import java.util.Arrays;
import java.util.stream.Collectors;

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
   * The key of the {@link io.remotemedia.pipeline.PipelineException#context()} entry that says
   * where in the text a failure's path is placed; {@value #AT_KEY} is its one value.
   */
  public static final String PLACE = "location_place";

  /**
   * The value of the {@value #PLACE} entry of a failure about a field itself, such as an unknown
   * parameter, rather than its value: the failure is placed at the field's key ({@link
   * PipelineManifest#locateKey}), as an unknown field is. Without the entry a failure is placed
   * at the value ({@link PipelineManifest#locate}).
   */
  public static final String AT_KEY = "key";

  /** The most parts of a path that {@link #describe} shortens one by one. */
  private static final int SHOWN_PATH_PARTS = 8;

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

  /**
   * {@return {@code "nodes[2].params.gain_db (line 7, column 20)"}, or just the path}, its keys
   * shortened as an error quotes a client's text
   */
  public String describe() {
    String where = path.isEmpty() ? "manifest" : shownPath();
    return hasPosition() ? where + " (line " + line + ", column " + column + ")" : where;
  }

  /**
   * {@return the path with each of its first parts, split at '.', {@linkplain
   * ClientText#shortened shortened}}: its keys are the client's, of any length. Past {@value
   * #SHOWN_PATH_PARTS} parts (a key full of dots) the rest is shortened as one.
   */
  private String shownPath() {
    return Arrays.stream(path.split("\\.", SHOWN_PATH_PARTS))
        .map(ClientText::shortened)
        .collect(Collectors.joining("."));
  }
}
