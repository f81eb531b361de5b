package io.remotemedia.server.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt keys and environment variables. */
final class KeySuggestion {
  private KeySuggestion() {}

  /** Returns {@code " (did you mean \"x\"?)"} for the closest candidate, or "". */
  static String hint(String input, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String probe = input.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int distance = distance(probe, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null || bestDistance > Math.max(input.length(), best.length()) / 3 + 1) {
      return "";
    }
    return " (did you mean \"" + best + "\"?)";
  }

  private static int distance(String a, String b) {
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
