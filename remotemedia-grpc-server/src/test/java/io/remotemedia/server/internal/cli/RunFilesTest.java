package io.remotemedia.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which outputs are written where they are, and which beside themselves as a .part file. */
class RunFilesTest {
  @Test
  void isWrittenInPlace_aFileInATmpfsUnderDev_isNot() {
    // /dev/shm holds regular files: a streamed output there is written as NAME.part and moved
    // into place, so that a failed run leaves no partial file and keeps an earlier one.
    Path file = Path.of("/dev/shm/remotemedia-" + System.nanoTime() + ".wav");

    assertThat(RunFiles.isWrittenInPlace(file)).isFalse();
  }

  @Test
  void isWrittenInPlace_descriptorsAndDevices_are() {
    assertThat(RunFiles.isWrittenInPlace(Path.of("/dev/stdout"))).isTrue();
    assertThat(RunFiles.isWrittenInPlace(Path.of("/proc/self/fd/1"))).isTrue();
    assertThat(RunFiles.isWrittenInPlace(Path.of("/dev/fd/2"))).isTrue();
    assertThat(RunFiles.isWrittenInPlace(Path.of("/dev/null"))).isTrue();
  }
}
