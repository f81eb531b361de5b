package io.remotemedia.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.remotemedia.audio.fuzz.AllocationBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of {@link TokenFile} (docs/fuzzing.md). A plain {@code mvn verify}
 * replays the committed corpus in {@code TokenFileFuzzTestInputs/read/}: a valid file, one with
 * every kind of bad line, and every input that once broke the contract.
 *
 * <p>The contract, from {@link TokenFile#read}: any bytes give a {@link TokenSet} of
 * well-formed names (none for a file of only comments and blank lines) or a {@link
 * TokenFileException} listing bounded problems; and no problem
 * ever quotes a line of the file, which may hold a pasted plain token.
 */
class TokenFileFuzzTest {
  /** A problem names the file, the line number and what is wrong. */
  private static final int MAX_PROBLEM_CHARS = 400;

  @TempDir
  static Path directory;

  @FuzzTest(maxDuration = "5m")
  void read(byte[] input) throws Exception {
    Path file = directory.resolve("tokens.txt");
    Files.write(file, input);
    AllocationBudget.of((4L << 20) + 64L * input.length).check(() -> {
      try {
        TokenSet tokens = TokenFile.read(file);
        assertThat(tokens.size()).isEqualTo(tokens.clientNames().size());
        assertThat(tokens.clientNames()).allMatch(name -> TokenSet.CLIENT_NAME.matcher(name)
            .matches());
      } catch (TokenFileException e) {
        assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
            .hasSizeLessThanOrEqualTo(file.toString().length() + MAX_PROBLEM_CHARS));
        assertQuotesNoLine(e.getMessage(), input);
      }
    });
  }

  private static void assertQuotesNoLine(String message, byte[] input) {
    for (String line : new String(input, StandardCharsets.UTF_8).split("\\R")) {
      String text = line.strip();
      // Short lines are words any message may contain; a token is longer.
      if (text.length() >= 16 && !text.startsWith("#")) {
        assertThat(message).doesNotContain(text);
      }
    }
  }
}
