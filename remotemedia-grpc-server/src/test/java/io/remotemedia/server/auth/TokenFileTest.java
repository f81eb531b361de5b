package io.remotemedia.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path temp;

  @Test
  void read_hashLines_acceptTheirTokensOnly() throws Exception {
    Path file = write("# clients\n\n" + TokenSet.hashLine("alice", "alice-secret") + "\n"
        + TokenSet.hashLine("bob.ci", "bob-secret").toUpperCase().replace("BOB.CI", "bob.ci")
        + "\n");

    TokenSet tokens = TokenFile.read(file);

    assertThat(tokens.clientNames()).containsExactly("alice", "bob.ci");
    assertThat(tokens.authenticate("alice-secret")).hasValue("alice");
    assertThat(tokens.authenticate("bob-secret")).hasValue("bob.ci");
    assertThat(tokens.authenticate("alice-secret ")).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
  }

  @Test
  void read_badLines_listsEachByNumberWithoutQuotingIt() throws IOException {
    Path file = write(TokenSet.hashLine("alice", "a") + "\n"
        + "plaintext-token-pasted-here\n"
        + TokenSet.hashLine("alice", "b") + "\n"
        + TokenSet.hashLine("carol", "a") + "\n"
        + "bad name:" + "0".repeat(64) + "\n");

    assertThatThrownBy(() -> TokenFile.read(file))
        .isInstanceOfSatisfying(TokenFileException.class, e -> {
          assertThat(e.problems()).containsExactly(
              file + " line 2: expected NAME:SHA256HEX (a name, a colon and 64 hex digits, as"
                  + " printed by \"hash-token NAME\")",
              file + " line 3: client name \"alice\" appears twice",
              file + " line 4: the hash of \"carol\" is already used by another client",
              file + " line 5: expected NAME:SHA256HEX (a name, a colon and 64 hex digits, as"
                  + " printed by \"hash-token NAME\")");
          assertThat(e.getMessage()).doesNotContain("plaintext-token-pasted-here");
        });
  }

  @Test
  void read_overlongBadName_quotesOnlyItsStartAndLength() throws IOException {
    // TokenFileFuzzTest's contract: a problem stays short whatever the line holds.
    String name = "n".repeat(70) + "!" + "x".repeat(4929);
    Path file = write(name + ":" + "0".repeat(64) + "\n");

    assertThatThrownBy(() -> TokenFile.read(file))
        .isInstanceOf(TokenFileException.class)
        .hasMessage(file + " line 1: client name \"" + "n".repeat(64) + "…\" (5000 characters)"
            + " must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
            + " digit");
  }

  @Test
  void read_onlyCommentsAndBlankLines_isASetOfNoClients() throws Exception {
    Path file = write("# nobody yet\n\n   \n");

    TokenSet tokens = TokenFile.read(file);

    assertThat(tokens.isEmpty()).isTrue();
    assertThat(tokens.clientNames()).isEmpty();
    assertThat(tokens.authenticate("any-token")).isEmpty();
  }

  @Test
  void read_missingFile_namesIt() {
    Path missing = temp.resolve("absent.txt");

    assertThatThrownBy(() -> TokenFile.read(missing))
        .isInstanceOf(TokenFileException.class)
        .hasMessage(missing + ": cannot read the tokens file: not found");
  }

  @Test
  void hashLine_isTheHexSha256OfTheUtf8Token() {
    // SHA-256("abc") from FIPS 180-2, appendix B.1.
    assertThat(TokenSet.hashLine("x", "abc")).isEqualTo(
        "x:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  private Path write(String text) throws IOException {
    Path file = temp.resolve("tokens.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
