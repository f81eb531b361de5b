package io.remotemedia.pipeline.manifest;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Exposes snakeyaml's safe scalar construction (YAML 1.1 ints, floats, booleans, nulls). */
final class ManifestValueConstructor extends SafeConstructor {
  ManifestValueConstructor(LoaderOptions options) {
    super(options);
  }

  Object scalar(ScalarNode node) {
    return constructObject(node);
  }
}
