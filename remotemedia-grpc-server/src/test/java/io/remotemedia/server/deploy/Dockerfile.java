package io.remotemedia.server.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The instructions of a Dockerfile that decide how the container runs: the last {@code
 * ENTRYPOINT}, {@code CMD} and {@code USER}, and every {@code COPY}. Follows the Dockerfile
 * reference's syntax: {@code #} comments, {@code \} line continuations, instructions in any
 * case, and the exec form (a JSON array) versus the shell form.
 *
 * @param instructions each instruction's keyword (upper case) and its arguments, in order
 */
record Dockerfile(List<Map.Entry<String, String>> instructions) {
  /** Parses {@code text}. */
  static Dockerfile parse(String text) {
    List<Map.Entry<String, String>> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String instruction = pending.toString().strip();
      pending.setLength(0);
      int space = instruction.indexOf(' ');
      instructions.add(Map.entry(instruction.substring(0, space).toUpperCase(Locale.ROOT),
          instruction.substring(space + 1).strip()));
    }
    return new Dockerfile(List.copyOf(instructions));
  }

  /** Returns the arguments of the last {@code keyword} instruction, if any. */
  Optional<String> last(String keyword) {
    String found = null;
    for (Map.Entry<String, String> instruction : instructions) {
      if (instruction.getKey().equals(keyword)) {
        found = instruction.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Returns the last {@code keyword} (ENTRYPOINT or CMD) in exec form, as its list of words.
   *
   * @throws IllegalStateException if it is missing or in shell form (a shell would be PID 1
   *     and would not pass SIGTERM on)
   */
  List<String> execForm(String keyword) {
    String arguments = last(keyword).orElseThrow(() ->
        new IllegalStateException("no " + keyword));
    if (!arguments.startsWith("[")) {
      throw new IllegalStateException(keyword + " is in shell form: " + arguments);
    }
    List<?> words = DeployFiles.safeYaml().load(arguments);
    return words.stream().map(String::valueOf).toList();
  }

  /** Returns each COPY's destination mapped to its source (options such as --chown dropped). */
  Map<String, String> copies() {
    Map<String, String> copies = new LinkedHashMap<>();
    for (Map.Entry<String, String> instruction : instructions) {
      if (instruction.getKey().equals("COPY")) {
        List<String> words = new ArrayList<>(List.of(instruction.getValue().split("\\s+")));
        words.removeIf(word -> word.startsWith("--"));
        copies.put(words.get(words.size() - 1), words.get(0));
      }
    }
    return copies;
  }
}
