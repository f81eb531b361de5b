package io.remotemedia.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HashTokenCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void run_tokenOnStdin_printsItsHashLine() throws IOException {
    int status = run("s3cret\n", "alice");

    assertThat(status).isZero();
    assertThat(out()).isEqualTo(TokenSet.hashLine("alice", "s3cret") + "\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void run_generate_printsTheTokenOnceOnStderrAndItsHashOnStdout() throws IOException {
    int status = run("", "--generate", "ci-runner");

    assertThat(status).isZero();
    Matcher token = Pattern.compile("\\(shown once; give it to the client\\): ([A-Za-z0-9_-]{43})")
        .matcher(err());
    assertThat(token.find()).as("stderr: %s", err()).isTrue();
    assertThat(out()).isEqualTo(TokenSet.hashLine("ci-runner", token.group(1)) + "\n")
        .doesNotContain(token.group(1));
  }

  @Test
  void run_emptyStdinOrBadName_exits2SayingWhy() throws IOException {
    assertThat(run("", "alice")).isEqualTo(2);
    assertThat(err()).startsWith("hash-token: no token on stdin; pipe one in, or use --generate");
    err.reset();
    assertThat(run("x\n", "bad name")).isEqualTo(2);
    assertThat(err()).startsWith("hash-token: NAME must be 1 to 64 letters, digits, '.', '_'"
        + " or '-', was \"bad name\"");
    assertThat(out()).isEmpty();
  }

  private int run(String stdin, String... args) throws IOException {
    return HashTokenCommand.run(args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
