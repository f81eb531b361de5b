package io.remotemedia.pipeline.manifest;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Types plain scalars by YAML 1.2's core schema, as JSON types them, instead of snakeyaml's
 * YAML 1.1 rules, under which {@code 1:30} was the number 90 (base 60), {@code 012} was 10
 * (octal), {@code 16_000} was 16000, {@code on}, {@code yes} and {@code n} were booleans, and
 * {@code 2026-12-05} was a date. Such values are now strings, which a parameter that wants a
 * number or a boolean refuses by name. Numbers are decimal, written as in JSON or YAML 1.2
 * ({@code -6}, {@code 0.5}, {@code .5}, {@code 1e3}, {@code .inf}, {@code .nan}), without a
 * leading zero ({@code 012} is a string, as JSON refuses it). Merge keys ({@code <<}) still
 * work.
 */
final class ManifestScalarResolver extends Resolver {
  private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
  private static final Pattern INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
  private static final Pattern FLOAT = Pattern.compile(
      "^(?:[-+]?(?:\\.[0-9]+|(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
          + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
  private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL| )$");

  /**
   * {@return whether a plain scalar is written as a number}, however long: the resolver types
   * one only up to snakeyaml's limit of 1024 characters, and a longer one as a string
   */
  static boolean isNumber(String value) {
    return INT.matcher(value).matches() || FLOAT.matcher(value).matches();
  }

  @Override
  protected void addImplicitResolvers() {
    addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
    // Integers first: a float's pattern matches them too.
    addImplicitResolver(Tag.INT, INT, "-+0123456789");
    addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
    addImplicitResolver(Tag.MERGE, MERGE, "<");
    addImplicitResolver(Tag.NULL, NULL, "~nN\0");
    addImplicitResolver(Tag.NULL, EMPTY, null);
  }
}
