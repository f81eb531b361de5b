package io.remotemedia.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Parses the {@code run} command line into {@link LoadOptions}. */
final class LoadOptionsParser {
  static final String USAGE = """
      usage: LoadGenerator run --scenario NAME [options]
             LoadGenerator side-by-side --scenario resample-1s|resample-10s|streams-20ms [options]
                 [--echo-target HOST:PORT] [--echo-pid PID] [--bare-target HOST:PORT]
                 [--bare-pid PID] [--rounds N] [--rewarm SECONDS] [--json-dir DIR]
             LoadGenerator compare A.json B.json
      scenarios: resample-1s, resample-10s, streams-20ms, connections
        --via remote|echo|bare|local  where calls go (default remote); connections: remote;
                                  bare (PipelineEchoServer): resample-1s and resample-10s,
                                  without --manifest or --input
        --target HOST:PORT        server (default 127.0.0.1:50051; echo, bare: 127.0.0.1:50052);
                                  remote: H1:P1,H2:P2,... for round-robin over replicas
        --connections N           separate channels (default 1)
        --concurrency N           calls in flight, or streams open (default 1)
        --rate R                  open loop: R calls/s in total, latency from the intended
                                  start; 0 = closed loop (default 0). Streams are always paced
        --warmup SECONDS          run and discarded first (default 20)
        --duration SECONDS        measured time (default 30)
        --requests N              measure at least N calls instead of a duration
        --chunk-ms MS             stream chunk period (default 20)
        --manifest FILE           manifest (JSON/YAML) instead of the 44.1 k -> 16 k resample
        --input FILE.wav          audio instead of the generated 440 Hz sine
        --source NODE_ID          node the input goes to (default: the first node)
        --tls-ca FILE.pem         TLS, trusting this CA (remote only)
        --token TOKEN             bearer token (remote only)
        --json FILE               also write the report as JSON
        --server-pid PID          report this local process's CPU time per call
      """;

  private LoadOptionsParser() {}

  /**
   * Parses the arguments after {@code run}.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  static LoadOptions parse(String[] args) {
    Scenario scenario = null;
    Via via = Via.REMOTE;
    String target = null;
    int connections = 1;
    int concurrency = 1;
    double rate = 0;
    Duration warmup = Duration.ofSeconds(20);
    Duration duration = Duration.ofSeconds(30);
    long requests = 0;
    int chunkMs = 20;
    Optional<Path> manifest = Optional.empty();
    Optional<Path> input = Optional.empty();
    Optional<String> source = Optional.empty();
    Optional<Path> tlsCa = Optional.empty();
    Optional<String> token = Optional.empty();
    Optional<Path> json = Optional.empty();
    Optional<Long> serverPid = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = i + 1 < args.length ? args[++i] : null;
      if (value == null) {
        throw new IllegalArgumentException(option + ": missing value");
      }
      switch (option) {
        case "--scenario" -> scenario = Scenario.parse(value);
        case "--via" -> via = Via.parse(value);
        case "--target" -> target = value;
        case "--connections" -> connections = (int) positive(option, value);
        case "--concurrency" -> concurrency = (int) positive(option, value);
        case "--rate" -> rate = number(option, value);
        case "--warmup" -> warmup = seconds(option, value);
        case "--duration" -> duration = seconds(option, value);
        case "--requests" -> requests = positive(option, value);
        case "--chunk-ms" -> chunkMs = (int) positive(option, value);
        case "--manifest" -> manifest = Optional.of(Path.of(value));
        case "--input" -> input = Optional.of(Path.of(value));
        case "--source" -> source = Optional.of(value);
        case "--tls-ca" -> tlsCa = Optional.of(Path.of(value));
        case "--token" -> token = Optional.of(value);
        case "--json" -> json = Optional.of(Path.of(value));
        case "--server-pid" -> serverPid = Optional.of(positive(option, value));
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }
    if (scenario == null) {
      throw new IllegalArgumentException("--scenario is required\n" + USAGE);
    }
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be >= 0, was " + rate);
    }
    if (scenario.kind() == Scenario.Kind.CONNECTIONS && via != Via.REMOTE) {
      throw new IllegalArgumentException("--via " + via.cliName() + ": scenario "
          + scenario.cliName() + " runs only against a server (--via remote)");
    }
    if (via == Via.BARE) {
      bareOnly(scenario, manifest, input);
    }
    if (target == null) {
      target = via == Via.ECHO || via == Via.BARE ? "127.0.0.1:50052" : "127.0.0.1:50051";
    }
    return new LoadOptions(scenario, via, target, connections, concurrency, rate, warmup,
        duration, requests, chunkMs, manifest, input, source, tlsCa, token, json, serverPid);
  }

  /**
   * Refuses what the bare service cannot run: it answers unary calls with its own 44.1 kHz to
   * 16 kHz resample of the request's bytes.
   */
  static void bareOnly(Scenario scenario, Optional<Path> manifest, Optional<Path> input) {
    if (scenario.kind() != Scenario.Kind.UNARY) {
      throw new IllegalArgumentException("--via bare: scenario " + scenario.cliName()
          + " is not unary; the bare service answers unary calls only");
    }
    if (manifest.isPresent() || input.isPresent()) {
      throw new IllegalArgumentException("--via bare: the bare service runs its own resample"
          + " of generated audio, not " + (manifest.isPresent() ? "--manifest" : "--input"));
    }
  }

  private static double number(String option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a number, was \"" + value + "\"",
          e);
    }
  }

  private static long positive(String option, String value) {
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a whole number, was \"" + value
          + "\"", e);
    }
    if (parsed < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, was " + parsed);
    }
    return parsed;
  }

  private static Duration seconds(String option, String value) {
    double seconds = number(option, value);
    if (seconds < 0) {
      throw new IllegalArgumentException(option + " must be >= 0 seconds, was " + value);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
