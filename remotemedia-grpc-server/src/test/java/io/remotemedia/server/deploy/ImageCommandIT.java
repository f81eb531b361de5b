package io.remotemedia.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image's command line run for real, with the shaded jar the image copies: the JVM accepts
 * every option of the ENTRYPOINT, and the server's own parser accepts the CMD. No base image can
 * be pulled here, so this is the container's command without the container. Runs after
 * package (failsafe).
 */
class ImageCommandIT {
  private static final Path PROJECT = DeployFiles.path("").getParent().getParent();

  @Test
  void imageCommand_withHelp_isAcceptedByTheJvmAndTheServer() throws Exception {
    ProcessRun run = ProcessRun.of(PROJECT, command("--help"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("usage: java -jar remotemedia-server.jar [serve]");
  }

  @Test
  void imageCommand_withAnUnknownOption_isRefusedByTheSameParser() throws Exception {
    ProcessRun run = ProcessRun.of(PROJECT, command("--no-such-option"));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("unknown argument \"--no-such-option\"");
  }

  /**
   * The JVM in the pod: a container of under 1792 MiB is not a "server class machine" to the
   * JVM, which then picks the Serial collector unless the ENTRYPOINT names one. The JVM's own
   * switch for that case stands in for the container here.
   */
  @Test
  void imageJvmOptions_inAContainerTooSmallForAServerClassMachine_keepG1() throws Exception {
    List<String> entrypoint = DockerfileTest.IMAGE.execForm("ENTRYPOINT");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(entrypoint.subList(1, entrypoint.indexOf("-jar")));
    command.addAll(List.of("-XX:+NeverActAsServerClassMachine", "-XX:+PrintFlagsFinal",
        "-version"));

    ProcessRun run = ProcessRun.of(PROJECT, command);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("bool UseG1GC +:?= true")
        .containsPattern("bool UseSerialGC +:?= false");
  }

  /**
   * The image's ENTRYPOINT and CMD, then {@code extra}: "java" is this JVM's launcher and the
   * jar path inside the image is the jar the Dockerfile copies, from this checkout.
   */
  private static List<String> command(String extra) {
    Dockerfile image = DockerfileTest.IMAGE;
    List<String> entrypoint = image.execForm("ENTRYPOINT");
    String jarInImage = entrypoint.get(entrypoint.size() - 1);
    Path jar = PROJECT.resolve(image.copies().get(jarInImage));
    assertThat(jar).as("the jar the Dockerfile copies (mvn package)").exists();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    entrypoint.subList(1, entrypoint.size() - 1).forEach(command::add);
    command.add(jar.toString());
    command.addAll(image.execForm("CMD"));
    command.add(extra);
    assertThat(Files.isExecutable(Path.of(command.get(0)))).isTrue();
    return command;
  }
}
