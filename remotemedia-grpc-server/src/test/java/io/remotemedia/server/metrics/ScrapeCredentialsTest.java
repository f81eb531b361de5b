package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeCredentialsTest {
  @TempDir Path temp;

  @Test
  void read_firstLineWithoutItsLineBreak_isThePassword() throws IOException {
    Path file = write("hunter2\r\nignored second line\n");

    ScrapeCredentials credentials = ScrapeCredentials.read("prometheus", file);

    assertThat(credentials.matches("prometheus", "hunter2")).isTrue();
    assertThat(credentials.matches("prometheus", "hunter2\r")).isFalse();
    assertThat(credentials.matches("prometheus", "hunter")).isFalse();
    assertThat(credentials.matches("Prometheus", "hunter2")).isFalse();
  }

  @Test
  void read_emptyFile_isRefusedNamingTheFileNotItsContent() throws IOException {
    Path file = write("\n");

    assertThatThrownBy(() -> ScrapeCredentials.read("prometheus", file))
        .isInstanceOf(IOException.class)
        .hasMessage(file + " holds no password on its first line");
  }

  @Test
  void read_missingFile_isRefusedSayingSo() {
    Path missing = temp.resolve("no-password");

    assertThatThrownBy(() -> ScrapeCredentials.read("prometheus", missing))
        .isInstanceOf(IOException.class)
        .hasMessage(missing + ": not found");
  }

  @Test
  void toString_neverShowsThePassword() throws IOException {
    ScrapeCredentials credentials = ScrapeCredentials.read("prometheus", write("hunter2"));

    assertThat(credentials.toString())
        .isEqualTo("ScrapeCredentials[username=prometheus, password=(redacted)]");
  }

  private Path write(String text) throws IOException {
    Path file = temp.resolve("password");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
