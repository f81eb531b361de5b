package io.remotemedia.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/deploy/image/Dockerfile: how the container runs, as far as it can be read here. */
class DockerfileTest {
  static final Dockerfile IMAGE = Dockerfile.parse(DeployFiles.read("image/Dockerfile"));

  @Test
  void user_isNumericAndNotRoot() {
    String user = IMAGE.last("USER").orElseThrow();

    assertThat(user).matches("\\d+:\\d+");
    assertThat(user.split(":")).allSatisfy(id -> assertThat(Integer.parseInt(id)).isPositive());
  }

  @Test
  void entrypoint_runsJavaItselfOnTheCopiedJarWithAContainerSizedHeap() {
    List<String> entrypoint = IMAGE.execForm("ENTRYPOINT");

    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).anySatisfy(word ->
        assertThat(word).startsWith("-XX:MaxRAMPercentage="));
    assertThat(entrypoint).noneMatch(word -> word.startsWith("-Xmx"));
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()).get(0))
        .isEqualTo("-jar");
    String jar = entrypoint.get(entrypoint.size() - 1);
    assertThat(IMAGE.copies()).containsEntry(jar,
        "remotemedia-grpc-server/target/remotemedia-server.jar");
  }

  @Test
  void cmd_isExecFormServeWithTheMountedConfiguration() {
    assertThat(IMAGE.execForm("CMD")).startsWith("serve", "--config");
  }

  @Test
  void execForm_shellFormEntrypoint_isRefused() {
    Dockerfile shell = Dockerfile.parse("""
        FROM scratch
        # a shell would be PID 1
        ENTRYPOINT java \\
          -jar /app/x.jar
        """);

    assertThat(shell.last("ENTRYPOINT")).hasValue("java  -jar /app/x.jar");
    assertThatThrownBy(() -> shell.execForm("ENTRYPOINT"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ENTRYPOINT is in shell form: java  -jar /app/x.jar");
  }
}
