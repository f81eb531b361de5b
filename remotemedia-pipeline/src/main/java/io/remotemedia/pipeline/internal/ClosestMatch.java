package io.remotemedia.pipeline.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the candidate closest to a misspelt name, for "did you mean" hints. Only names of at
 * most {@value #MAX_LENGTH} characters are compared: the edit distance costs the product of
 * the two lengths, a client chooses the names (node ids in a manifest), and a misspelling of a
 * name that long is no help to suggest anyway.
 */
public final class ClosestMatch {
  /** The longest name, input or candidate, that is compared. */
  static final int MAX_LENGTH = 64;

  private ClosestMatch() {}

  /**
   * {@return the candidate with the smallest edit distance to {@code input} (ignoring case), if
   * that distance is at most a third of the longer name, plus one; empty for an input longer
   * than {@value #MAX_LENGTH} characters, and longer candidates are skipped}
   *
   * @param input the name the user wrote, such as an unknown node type
   * @param candidates the valid names
   */
  public static Optional<String> among(String input, Collection<String> candidates) {
    if (input.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.length() > MAX_LENGTH) {
        continue;
      }
      // The distance is at least the difference in length: a candidate that cannot pass the
      // bound below is skipped, so a 5 MB name costs no edit-distance table.
      int longer = Math.max(input.length(), candidate.length());
      if (Math.abs(input.length() - candidate.length()) > longer / 3 + 1) {
        continue;
      }
      int distance = distance(input.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null || bestDistance > Math.max(input.length(), best.length()) / 3 + 1) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /**
   * {@return {@code " (did you mean \"x\"?)"} or an empty string}
   *
   * @param input the name the user wrote, such as an unknown node type
   * @param candidates the valid names
   */
  public static String hint(String input, Collection<String> candidates) {
    return among(input, candidates).map(match -> " (did you mean \"" + match + "\"?)").orElse("");
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
