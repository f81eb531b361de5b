package io.remotemedia.server.auth;

import io.remotemedia.server.internal.files.FileAccessFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a tokens file: one {@code name:sha256hex} line per client, as printed by {@code
 * remotemedia-server hash-token NAME}. Blank lines and lines starting with {@code #} are
 * ignored. Problems never quote a line, in case someone pasted a plain token.
 */
public final class TokenFile {
  private static final Pattern LINE = Pattern.compile("([^:\\s]+):([0-9A-Fa-f]{64})");

  private TokenFile() {}

  /**
   * Reads and checks the whole file.
   *
   * @param file a tokens file: one {@code name:hex-sha256} per line, {@code #} comments and blank
   *     lines allowed
   * @return the tokens, by client name; none for a file of only comments and blank lines (a
   *     running server takes that as every client revoked; a server refuses to start with it)
   * @throws TokenFileException listing every bad line, or if the file is unreadable
   */
  public static TokenSet read(Path file) throws TokenFileException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TokenFileException(List.of(file + ": cannot read the tokens file: "
          + FileAccessFailure.reason(e)), e);
    }
    List<String> problems = new ArrayList<>();
    Map<String, byte[]> digests = new LinkedHashMap<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1) + ": ";
      Matcher matcher = LINE.matcher(line);
      if (!matcher.matches()) {
        problems.add(where + "expected NAME:SHA256HEX (a name, a colon and 64 hex digits, as "
            + "printed by \"hash-token NAME\")");
        continue;
      }
      String name = matcher.group(1);
      String hex = matcher.group(2).toLowerCase(Locale.ROOT);
      if (!TokenSet.CLIENT_NAME.matcher(name).matches()) {
        problems.add(where + "client name " + quoted(name) + " must be 1 to 64 letters, "
            + "digits, '.', '_' or '-', starting with a letter or digit");
      } else if (digests.containsKey(name)) {
        problems.add(where + "client name \"" + name + "\" appears twice");
      } else if (!hashes.add(hex)) {
        problems.add(where + "the hash of \"" + name + "\" is already used by another client");
      } else {
        digests.put(name, HexFormat.of().parseHex(hex));
      }
    }
    if (!problems.isEmpty()) {
      throw new TokenFileException(problems, null);
    }
    return TokenSet.of(digests);
  }

  /** Quotes a name that failed the rule, at most as long as a valid one, so problems stay short. */
  private static String quoted(String name) {
    if (name.length() <= TokenSet.MAX_CLIENT_NAME_CHARS) {
      return "\"" + name + "\"";
    }
    // Never split a surrogate pair.
    int keep = Character.isHighSurrogate(name.charAt(TokenSet.MAX_CLIENT_NAME_CHARS - 1))
        ? TokenSet.MAX_CLIENT_NAME_CHARS - 1 : TokenSet.MAX_CLIENT_NAME_CHARS;
    return "\"" + name.substring(0, keep) + "…\" (" + name.length() + " characters)";
  }
}
