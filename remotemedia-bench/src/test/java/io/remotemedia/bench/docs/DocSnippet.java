package io.remotemedia.bench.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a Markdown file, and how it becomes a compilation unit. The
 * conventions (also in {@link DocSnippetsTest}):
 *
 * <ul>
 *   <li>A block that declares a top-level class, record, interface or enum is compiled as it
 *       stands.
 *   <li>Any other block is statements: its {@code import} lines stay at the top, and the rest
 *       becomes the body of a method that {@code throws Exception}.
 *   <li>A comment {@code // given: Type name, Type name} names what the surrounding text
 *       provides (a manifest from the previous snippet, the caller's audio); each becomes a
 *       parameter of that method. Its types are imported like any other.
 *   <li>Imports are explicit: a wildcard would let an IDE or the compiler pick
 *       {@code io.remotemedia.proto.AudioBuffer} over {@code io.remotemedia.audio.AudioBuffer}.
 * </ul>
 *
 * <p>Line numbers are kept: line {@code n} of the block is line {@code n} of the unit, so a
 * compiler error points at {@code docs/file.md:(startLine + n)}.
 *
 * @param file the Markdown file, relative to the project root
 * @param startLine the 1-based line of the file where the block's first code line is
 * @param code the block's text, without the fences
 */
record DocSnippet(Path file, int startLine, String code) {
  private static final Pattern OPEN = Pattern.compile("^(\\s*)```java\\s*$");
  private static final Pattern CLOSE = Pattern.compile("^\\s*```\\s*$");
  private static final Pattern TYPE_DECLARATION = Pattern.compile(
      "(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*$");
  private static final Pattern GIVEN = Pattern.compile("^\\s*//\\s*given:\\s*(.+?)\\s*$");

  /**
   * Returns every {@code ```java} block of {@code file}, in order.
   *
   * @param root the project root, against which the file's name is shown
   * @throws IllegalStateException if a block is never closed
   */
  static List<DocSnippet> extract(Path root, Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<DocSnippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = OPEN.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int indent = open.group(1).length();
      int first = i + 1;
      StringBuilder code = new StringBuilder();
      int j = first;
      for (; j < lines.size() && !CLOSE.matcher(lines.get(j)).matches(); j++) {
        String line = lines.get(j);
        code.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
      }
      if (j == lines.size()) {
        throw new IllegalStateException(root.relativize(file) + ":" + (i + 1)
            + ": the ```java block is never closed");
      }
      snippets.add(new DocSnippet(root.relativize(file), first + 1, code.toString()));
      i = j;
    }
    return snippets;
  }

  /** Returns where this block is, as {@code docs/client.md:17}. */
  String where() {
    return file + ":" + startLine;
  }

  /** Returns the wildcard imports, which the conventions forbid. */
  List<String> wildcardImports() {
    return code.lines().filter(line -> IMPORT.matcher(line).matches())
        .filter(line -> line.contains(".*")).toList();
  }

  /** Returns the name of the class this block compiles to. */
  String className() {
    Matcher declared = TYPE_DECLARATION.matcher(code);
    if (declared.find()) {
      return declared.group(1);
    }
    String name = file.toString().replaceAll("[^A-Za-z0-9]", "_");
    return "Snippet_" + name + "_" + startLine;
  }

  /** Returns the compilation unit: the block itself, or its statements wrapped in a method. */
  String compilationUnit() {
    if (TYPE_DECLARATION.matcher(code).find()) {
      return code;
    }
    List<String> lines = code.lines().toList();
    int body = 0;
    while (body < lines.size() && (lines.get(body).isBlank()
        || IMPORT.matcher(lines.get(body)).matches())) {
      body++;
    }
    List<String> parameters = new ArrayList<>();
    for (String line : lines) {
      Matcher given = GIVEN.matcher(line);
      if (given.matches()) {
        parameters.addAll(splitTopLevel(given.group(1)));
      }
    }
    StringBuilder unit = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (i == body) {
        // On the first body line, so that every line keeps its number.
        unit.append("class ").append(className()).append(" { void snippet(")
            .append(String.join(", ", parameters)).append(") throws Exception { ");
      }
      unit.append(lines.get(i)).append('\n');
    }
    if (body == lines.size()) {
      unit.append("class ").append(className()).append(" { void snippet() { ");
    }
    return unit.append("}}\n").toString();
  }

  /** Splits {@code Map<String, AudioBuffer> a, int b} at the commas outside angle brackets. */
  private static List<String> splitTopLevel(String list) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(list.substring(from, i).strip());
        from = i + 1;
      }
    }
    parts.add(list.substring(from).strip());
    return parts;
  }
}
