package io.remotemedia.pipeline.nodes;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.ClientText;
import io.remotemedia.pipeline.internal.ClosestMatch;
import io.remotemedia.pipeline.internal.InvisibleCharacters;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The parameters of one node in a manifest, read through their {@link ParameterSpec}s. Every
 * problem is a VALIDATION {@link PipelineException} located at the value
 * ({@code nodes[2].params.gain_db}, with line and column when the manifest came from text); an
 * unknown parameter at its key.
 */
public final class NodeParams {
  private final String nodeId;
  private final String path;
  private final Map<String, Object> values;
  private final PipelineManifest manifest;

  /**
   * @param manifest the manifest, for source positions
   * @param nodeIndex the node's index in {@code manifest.nodes()}
   * @param declared the parameters the node type takes; any other name is rejected here
   */
  public NodeParams(PipelineManifest manifest, int nodeIndex, List<ParameterSpec> declared) {
    this.manifest = manifest;
    this.nodeId = manifest.nodes().get(nodeIndex).id();
    this.path = "nodes[" + nodeIndex + "].params";
    this.values = manifest.nodes().get(nodeIndex).params();
    List<String> names = declared.stream().map(ParameterSpec::name).toList();
    for (String name : values.keySet()) {
      if (!names.contains(name)) {
        // Placed at its key, as an unknown field is: the name is what is wrong, not the value.
        ManifestLocation key = manifest.locateKey(path + "." + name);
        throw PipelineException.builder(ErrorKind.VALIDATION, key.describe()
                + ": unknown parameter \"" + ClientText.shortened(name) + "\""
                + InvisibleCharacters.note(name) + ClosestMatch.hint(name, names)
                + "; " + describe(manifest.nodes().get(nodeIndex).nodeType(), names))
            .location(key)
            .context(Map.of(ManifestLocation.PLACE, ManifestLocation.AT_KEY))
            .build();
      }
      // A null would read as "absent" below and quietly take the default: refuse it instead.
      if (values.get(name) == null) {
        throw PipelineException.invalidManifest(locate(name), "the value is null; give a"
            + " value, or leave the parameter out to take its default");
      }
    }
  }

  /** {@return the id of the node these parameters belong to} */
  public String nodeId() {
    return nodeId;
  }

  /**
   * {@return the value of a number parameter, or its default when absent}
   *
   * @param parameter the parameter's spec
   */
  public double get(NumberParameter parameter) {
    Object value = values.get(parameter.name());
    if (value == null) {
      return parameter.defaultValue();
    }
    double number = number(parameter.name(), value);
    if (!(number >= parameter.min() && number <= parameter.max())) {
      throw outOfRange(parameter, NumberText.format(number));
    }
    return number;
  }

  /**
   * {@return the value of an integer parameter, or its default when absent}
   *
   * @param parameter the parameter's spec
   */
  public long get(IntegerParameter parameter) {
    Object value = values.get(parameter.name());
    if (value == null) {
      return parameter.defaultValue();
    }
    double number = number(parameter.name(), value);
    if (number != Math.rint(number)) {
      throw PipelineException.invalidManifest(locate(parameter.name()),
          "expected a whole number, found " + NumberText.format(number));
    }
    if (number < parameter.min() || number > parameter.max()) {
      throw outOfRange(parameter, NumberText.format(number));
    }
    if (!parameter.allows((long) number)) {
      throw PipelineException.invalidManifest(locate(parameter.name()), "value "
          + NumberText.format(number) + " is not allowed; allowed: " + parameter.allowedText());
    }
    return (long) number;
  }

  /**
   * {@return the value of an integer-list parameter, or its default when absent} Each bad entry
   * is located at its index, for example {@code nodes[1].params.map[2]}.
   *
   * @param parameter the parameter's spec
   */
  public List<Long> get(IntegerListParameter parameter) {
    Object value = values.get(parameter.name());
    if (value == null) {
      return parameter.defaultValue();
    }
    if (!(value instanceof List<?> list)) {
      throw PipelineException.invalidManifest(locate(parameter.name()),
          "expected a list of whole numbers, found " + found(value));
    }
    if (list.size() > parameter.maxLength()) {
      throw PipelineException.invalidManifest(locate(parameter.name()),
          "expected at most " + parameter.maxLength() + " entries, found " + list.size());
    }
    List<Long> result = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String entry = parameter.name() + "[" + i + "]";
      Object item = list.get(i);
      if (!(item instanceof Double number)) {
        throw PipelineException.invalidManifest(locate(entry),
            "expected a whole number, found " + (item == null ? "null" : found(item)));
      }
      if (number != Math.rint(number)) {
        throw PipelineException.invalidManifest(locate(entry),
            "expected a whole number, found " + NumberText.format(number));
      }
      if (number < parameter.min() || number > parameter.max()) {
        throw PipelineException.invalidManifest(locate(entry), "value "
            + NumberText.format(number) + " is out of range; allowed: [" + parameter.min()
            + ", " + parameter.max() + "]");
      }
      result.add((long) (double) number);
    }
    return List.copyOf(result);
  }

  /**
   * {@return the value of an optional number parameter, or empty when absent}
   *
   * @param parameter the parameter's spec
   */
  public OptionalDouble get(OptionalNumberParameter parameter) {
    Object value = values.get(parameter.name());
    if (value == null) {
      return OptionalDouble.empty();
    }
    double number = number(parameter.name(), value);
    if (!(number >= parameter.min() && number <= parameter.max())) {
      throw outOfRange(parameter, NumberText.format(number));
    }
    return OptionalDouble.of(number);
  }

  /**
   * {@return the value of a boolean parameter, or its default when absent}
   *
   * @param parameter the parameter's spec
   */
  public boolean get(BooleanParameter parameter) {
    return get(parameter.name(), parameter.defaultValue());
  }

  /**
   * {@return the value of an enum parameter, or its default when absent}
   *
   * @param <E> the enum type of the parameter
   * @param parameter the parameter's spec
   */
  public <E extends Enum<E>> E get(EnumParameter<E> parameter) {
    Object value = values.get(parameter.name());
    if (value == null) {
      return parameter.defaultValue();
    }
    if (!(value instanceof String text)) {
      throw PipelineException.invalidManifest(locate(parameter.name()),
          "expected one of " + parameter.spellings() + ", found " + found(value));
    }
    for (E constant : parameter.type().getEnumConstants()) {
      if (EnumParameter.spell(constant).equals(text.toLowerCase(Locale.ROOT))) {
        return constant;
      }
    }
    throw PipelineException.invalidManifest(locate(parameter.name()),
        "expected one of " + parameter.spellings() + ", found \"" + ClientText.shortened(text)
            + "\"" + ClosestMatch.hint(text, parameter.spellings()));
  }

  /**
   * {@return the value of a boolean parameter, or {@code defaultValue} when absent}
   *
   * @param name the parameter's snake_case name
   * @param defaultValue the value when the manifest leaves it out
   */
  public boolean get(String name, boolean defaultValue) {
    Object value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean flag)) {
      throw PipelineException.invalidManifest(locate(name),
          "expected true or false, found " + found(value));
    }
    return flag;
  }

  /**
   * {@return whether the manifest gives {@code parameter}, rather than leaving its default}
   *
   * @param parameter the parameter's spec
   */
  public boolean isSet(ParameterSpec parameter) {
    return values.containsKey(parameter.name());
  }

  /**
   * {@return the location of a parameter, for errors a factory raises itself}
   *
   * @param name the parameter's snake_case name, or an entry such as {@code map[2]}
   */
  public ManifestLocation locate(String name) {
    return manifest.locate(path + "." + name);
  }

  private double number(String name, Object value) {
    if (!(value instanceof Double number)) {
      throw PipelineException.invalidManifest(locate(name), "expected a number, found "
          + found(value));
    }
    if (!Double.isFinite(number)) {
      throw PipelineException.invalidManifest(locate(name), "expected a finite number, found "
          + number);
    }
    return number;
  }

  private PipelineException outOfRange(ParameterSpec parameter, String found) {
    return PipelineException.invalidManifest(locate(parameter.name()),
        "value " + found + " is out of range; allowed: " + parameter.allowedText());
  }

  private static String found(Object value) {
    if (value instanceof String text) {
      return "a string (\"" + ClientText.shortened(text) + "\")";
    }
    if (value instanceof Boolean flag) {
      return "a boolean (" + flag + ")";
    }
    if (value instanceof Double number) {
      return "a number (" + NumberText.format(number) + ")";
    }
    return value instanceof List ? "a list" : "an object";
  }

  private static String describe(String nodeType, List<String> names) {
    return names.isEmpty()
        ? nodeType + " takes no parameters"
        : nodeType + " takes: " + String.join(", ", names);
  }
}
