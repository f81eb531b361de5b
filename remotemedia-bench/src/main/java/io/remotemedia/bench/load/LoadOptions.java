package io.remotemedia.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One load run's settings, parsed by {@link LoadOptionsParser}.
 *
 * @param scenario the workload
 * @param via where calls go
 * @param target the server, {@code host:port}; for remote load also a comma-separated list of
 *     replicas, which the SDK round-robins over
 * @param connections separate channels (clients) opened to the target
 * @param concurrency calls in flight at most (unary), or streams open (streams)
 * @param ratePerSecond the fixed arrival rate of an open-loop run; 0 for closed-loop
 * @param warmup run and discarded before measuring
 * @param duration measured time; ignored when {@code requests} is positive
 * @param requests measured calls (at least); 0 to measure for {@code duration}
 * @param chunkMs the chunk period of stream scenarios, in milliseconds
 * @param manifest a manifest file replacing the scenario's resampling manifest
 * @param input a WAV file replacing the scenario's generated signal
 * @param source the node the input goes to; empty for the manifest's first node
 * @param tlsCa PEM file of the CA that signs the server's certificate; empty for plaintext
 * @param token a bearer token sent with every call
 * @param jsonOut where the JSON report goes, besides the text on standard output
 * @param serverPid a process on this machine whose CPU time per call is reported (the
 *     server's); for {@code --via local}, this process is always measured
 */
public record LoadOptions(
    Scenario scenario,
    Via via,
    String target,
    int connections,
    int concurrency,
    double ratePerSecond,
    Duration warmup,
    Duration duration,
    long requests,
    int chunkMs,
    Optional<Path> manifest,
    Optional<Path> input,
    Optional<String> source,
    Optional<Path> tlsCa,
    Optional<String> token,
    Optional<Path> jsonOut,
    Optional<Long> serverPid) {

  /**
   * {@return these settings with another warm-up and measured time and no JSON report: one
   * slice of a sliced side-by-side round}
   */
  LoadOptions slice(Duration sliceWarmup, Duration sliceDuration) {
    return new LoadOptions(scenario, via, target, connections, concurrency, ratePerSecond,
        sliceWarmup, sliceDuration, 0, chunkMs, manifest, input, source, tlsCa, token,
        Optional.empty(), serverPid);
  }

  /** {@return whether the run keeps a fixed arrival rate rather than calling back to back} */
  public boolean openLoop() {
    return ratePerSecond > 0;
  }
}
