package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.client.RemoteMediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProxyIT}'s drain over and over, with fresh replicas and a fresh nginx each round: a
 * failure that one drain in 20 shows needs many rounds to be seen, or to be shown gone. Not run
 * by {@code mvn verify} (the name does not end in IT); about 9 s a round on 2 cores:
 *
 * <pre>
 * mvn -B verify -pl remotemedia-grpc-server -am -Dtest=NoSuch \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ProxyDrainLoop \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Ddrain.rounds=100
 * </pre>
 *
 * <p>A failed round's replica and nginx logs stay in the test's temporary directory.
 */
class ProxyDrainLoop {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path temp;

  @Test
  void drainThroughProxy_everyRound_noCallFails() throws Exception {
    int rounds = Integer.getInteger("drain.rounds", 20);
    List<String> failedRounds = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createDirectory(temp.resolve("round-" + round));
      List<RemoteMediaException> failures;
      try (ProxiedFleet fleet = ProxiedFleet.start(dir, 3, ProxyIT.DRAIN)) {
        failures = ProxyIT.callsAcrossDrain(fleet.client(), fleet.replicas().get(1));
      }
      if (failures.isEmpty()) {
        deleteTree(dir);
      } else {
        failedRounds.add("round " + round + " (" + dir + "): " + failures);
      }
    }
    assertThat(failedRounds).as("rounds, of %d, in which a call failed through the proxy",
        rounds).isEmpty();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
