package io.remotemedia.pipeline.manifest;

import java.util.Objects;

/**
 * Descriptive metadata of a manifest; it does not change how the pipeline runs.
 *
 * @param name a human-readable name, used in logs; may be empty
 * @param description free text; may be empty
 */
public record ManifestMetadata(String name, String description) {
  /** Metadata with no name and no description. */
  public static final ManifestMetadata EMPTY = new ManifestMetadata("", "");

  /**
   * Validates the metadata.
   *
   * @param name a human-readable name, used in logs; may be empty
   * @param description free text; may be empty
   * @throws NullPointerException if a component is null
   */
  public ManifestMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }
}
