package io.remotemedia.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves each setting through the layers (flag over environment over file over default),
 * parses and range-checks it, and collects every problem instead of stopping at the first. A
 * setting with a problem reads as its default so that the rest can still be checked.
 */
final class ConfigReader {
  private static final String NOT_SINGLE = "expected a single value, found a list";

  private final Map<String, RawValue> file;
  private final Map<String, String> keySubjects;
  private final Map<String, String> environment;
  private final Map<String, ConfigLoader.FlagOverride> flags;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, EffectiveConfig.Entry> effective = new LinkedHashMap<>();
  /** How problems name each key that a layer set: with its line and column, variable or flag. */
  private final Map<String, String> subjects = new HashMap<>();
  private final Map<String, RawValue> used = new LinkedHashMap<>();

  /**
   * @param file the file's values by key
   * @param keySubjects each key of the file, sections' included, with its line and column
   * @param environment the process's environment
   * @param flags the command line's settings by key
   */
  ConfigReader(Map<String, RawValue> file, Map<String, String> keySubjects,
      Map<String, String> environment, Map<String, ConfigLoader.FlagOverride> flags) {
    this.file = file;
    this.keySubjects = keySubjects;
    this.environment = environment;
    this.flags = flags;
  }

  /** The environment variable that overrides {@code key}. */
  static String environmentName(String key) {
    if (key.equals("logging.level")) {
      return "REMOTEMEDIA_LOG_LEVEL"; // The name log4j2.xml has always read.
    }
    return "REMOTEMEDIA_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  /** Every key read so far, in reading order. */
  Set<String> knownKeys() {
    return effective.keySet();
  }

  Map<String, String> subjects() {
    return subjects;
  }

  EffectiveConfig effective() {
    return new EffectiveConfig(new ArrayList<>(effective.values()));
  }

  /**
   * Returns the names {@code X} for which the file sets a key {@code prefix + X + "." +
   * leaf}, {@code leaf} one of {@code leaves}, in file order: the entries of a section keyed
   * by names (client names may hold dots, so the name is what lies between the two).
   */
  Set<String> namesUnder(String prefix, Set<String> leaves) {
    Set<String> names = new LinkedHashSet<>();
    for (String key : file.keySet()) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      for (String leaf : leaves) {
        if (key.endsWith("." + leaf) && key.length() > prefix.length() + leaf.length() + 1) {
          names.add(key.substring(prefix.length(), key.length() - leaf.length() - 1));
        }
      }
    }
    return names;
  }

  /** Whether an operator set {@code key} (in the file, the environment or a flag). */
  boolean isExplicit(String key) {
    return raw(key) != null;
  }

  /** Shows a derived value for {@code key} in the effective configuration. */
  void resolved(String key, Object value, boolean derived) {
    EffectiveConfig.Entry entry = effective.get(key);
    if (derived && entry != null) {
      effective.put(key, new EffectiveConfig.Entry(key, value + " (0: auto)", entry.source()));
    }
  }

  /** Records a problem found by a cross-check, naming where {@code key} was set. */
  void problem(String key, String message) {
    RawValue raw = used.get(key);
    // A section, such as a client's quotas, is named where its key is in the file.
    problems.add(new ConfigProblem(raw != null ? raw.subject()
        : keySubjects.getOrDefault(key, key), message));
  }

  long longValue(String key, long fallback, long min, long max) {
    return value(key, fallback, raw -> {
      long value;
      try {
        value = Long.parseLong(raw.text().strip().replace("_", ""));
      } catch (NumberFormatException e) {
        return Parsed.refused("must be a whole number, was \"" + raw.text() + "\"");
      }
      if (value < min || value > max) {
        String range = max == Long.MAX_VALUE ? "must be >= " + min
            : "must be in [" + min + ", " + max + "]";
        return Parsed.refused(range + ", was " + value);
      }
      return Parsed.of(value);
    }, String::valueOf);
  }

  int intValue(String key, int fallback, int min, int max) {
    return (int) longValue(key, fallback, min, max);
  }

  boolean booleanValue(String key, boolean fallback) {
    return value(key, fallback, raw -> {
      String text = raw.text().strip().toLowerCase(Locale.ROOT);
      return text.equals("true") || text.equals("false") ? Parsed.of(Boolean.parseBoolean(text))
          : Parsed.refused("must be true or false, was \"" + raw.text() + "\"");
    }, String::valueOf);
  }

  String string(String key, String fallback) {
    return value(key, fallback, raw -> raw.text().isBlank() ? Parsed.refused("must not be empty")
        : Parsed.of(raw.text().strip()), String::valueOf);
  }

  /** A string that may be absent; unset or empty means none. */
  Optional<String> optionalString(String key) {
    RawValue raw = scalar(key, raw(key));
    if (raw == null || raw.text().isBlank()) {
      remember(key, "(none)", raw);
      return Optional.empty();
    }
    return Optional.of(remember(key, raw.text().strip(), raw));
  }

  /** A file path; unset or empty means none. */
  Optional<Path> path(String key) {
    RawValue raw = scalar(key, raw(key));
    if (raw == null || raw.text().isBlank()) {
      remember(key, "(none)", raw);
      return Optional.empty();
    }
    return Optional.of(Path.of(remember(key, raw.text().strip(), raw)));
  }

  /** One of an enum's constants, written in lower case. */
  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    return value(key, fallback, raw -> {
      String text = raw.text().strip();
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(text)) {
          return Parsed.of(constant);
        }
      }
      String allowed = Arrays.stream(type.getEnumConstants())
          .map(constant -> constant.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", "));
      return Parsed.refused("must be one of " + allowed + ", was \"" + text + "\"");
    }, constant -> constant.name().toLowerCase(Locale.ROOT));
  }

  /** A list: a YAML sequence in the file, comma-separated in a variable or flag. */
  List<String> list(String key, List<String> fallback) {
    RawValue raw = raw(key);
    if (raw == null) {
      remember(key, String.join(", ", fallback), null);
      return fallback;
    }
    used.put(key, raw);
    List<String> items = raw.isList() ? raw.items()
        : Arrays.stream(raw.text().split(",")).map(String::strip).filter(s -> !s.isEmpty())
            .toList();
    remember(key, String.join(", ", items), raw);
    return List.copyOf(new LinkedHashSet<>(items));
  }

  /** A parsed value, or the problem with the text it was parsed from. */
  private record Parsed<T>(T value, String problem) {
    static <T> Parsed<T> of(T value) {
      return new Parsed<>(value, null);
    }

    static <T> Parsed<T> refused(String problem) {
      return new Parsed<>(null, problem);
    }
  }

  /**
   * Reads a single-valued setting from the layer that wins and parses it with {@code parser};
   * the layers it overrides are parsed too, so that a wrong value in the file is reported
   * while a flag or variable hides it, not on the first start without them.
   */
  private <T> T value(String key, T fallback, Function<RawValue, Parsed<T>> parser,
      Function<T, String> shown) {
    List<RawValue> layers = layers(key);
    for (RawValue overridden : layers.subList(Math.min(1, layers.size()), layers.size())) {
      Parsed<T> parsed = overridden.isList() ? Parsed.refused(NOT_SINGLE)
          : parser.apply(overridden);
      if (parsed.problem() != null) {
        problems.add(new ConfigProblem(overridden.subject(), parsed.problem()
            + " (overridden now by " + layers.get(0).subject() + ")"));
      }
    }
    RawValue raw = scalar(key, layers.isEmpty() ? null : layers.get(0));
    if (raw == null) {
      return remember(key, shown.apply(fallback), fallback, null);
    }
    Parsed<T> parsed = parser.apply(raw);
    if (parsed.problem() != null) {
      return invalid(key, raw, fallback, parsed.problem());
    }
    return remember(key, shown.apply(parsed.value()), parsed.value(), raw);
  }

  /** Marks {@code raw}, the winning layer of {@code key}, as used; null if unset or a list. */
  private RawValue scalar(String key, RawValue raw) {
    if (raw == null) {
      return null;
    }
    used.put(key, raw);
    if (raw.isList()) {
      problems.add(new ConfigProblem(raw.subject(), NOT_SINGLE));
      return null;
    }
    return raw;
  }

  private RawValue raw(String key) {
    List<RawValue> layers = layers(key);
    return layers.isEmpty() ? null : layers.get(0);
  }

  /** Where {@code key} is set, the layer that wins first: the flag, the variable, the file. */
  private List<RawValue> layers(String key) {
    List<RawValue> layers = new ArrayList<>(3);
    ConfigLoader.FlagOverride flag = flags.get(key);
    if (flag != null) {
      layers.add(RawValue.scalar(flag.value(), RawValue.Origin.FLAG,
          flag.flag() + " (" + key + ")"));
    }
    String name = environmentName(key);
    String value = environment.get(name);
    if (value != null && !value.isEmpty()) {
      layers.add(RawValue.scalar(value, RawValue.Origin.ENVIRONMENT, name + " (" + key + ")"));
    }
    RawValue inFile = file.get(key);
    if (inFile != null) {
      layers.add(inFile);
    }
    return layers;
  }

  private <T> T invalid(String key, RawValue raw, T fallback, String message) {
    problems.add(new ConfigProblem(raw.subject(), message));
    remember(key, fallback, null);
    return fallback;
  }

  private <T> T remember(String key, T value, RawValue raw) {
    return remember(key, String.valueOf(value), value, raw);
  }

  /** Records {@code key}'s value, shown as {@code text}, and where it came from. */
  private <T> T remember(String key, String text, T value, RawValue raw) {
    String source = raw == null ? "default" : switch (raw.origin()) {
      case FLAG -> "flag " + raw.subject().substring(0, raw.subject().indexOf(' '));
      case ENVIRONMENT -> "environment " + environmentName(key);
      case FILE -> "file";
      case DEFAULT -> "default";
    };
    effective.put(key, new EffectiveConfig.Entry(key, text, source));
    if (raw != null) {
      subjects.put(key, raw.subject());
    }
    return value;
  }
}
