package io.remotemedia.bench.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The named workloads, each named after the performance target it measures. Each runs on its
 * own; {@link Via} chooses whether it goes to the server, to the echo floor, or in-process.
 */
public enum Scenario {
  /** Unary ExecutePipeline: 1 s of 44.1 kHz mono float audio resampled to 16 kHz. */
  RESAMPLE_1S("resample-1s", Kind.UNARY, 1.0),
  /** Unary ExecutePipeline: 10 s of 44.1 kHz mono float audio resampled to 16 kHz. */
  RESAMPLE_10S("resample-10s", Kind.UNARY, 10.0),
  /**
   * Live streams, each sending one chunk of 44.1 kHz mono float audio every chunk period, paced
   * in real time, through a 16 kHz resample and a VAD.
   */
  STREAMS_20MS("streams-20ms", Kind.STREAM, 1.0),
  /** Opens many connections, then calls GetVersion over them. */
  CONNECTIONS("connections", Kind.CONNECTIONS, 0.0);

  /** How a scenario drives the target. */
  enum Kind { UNARY, STREAM, CONNECTIONS }

  private final String cliName;
  private final Kind kind;
  private final double signalSeconds;

  Scenario(String cliName, Kind kind, double signalSeconds) {
    this.cliName = cliName;
    this.kind = kind;
    this.signalSeconds = signalSeconds;
  }

  /** {@return the name on the command line and in reports} */
  public String cliName() {
    return cliName;
  }

  Kind kind() {
    return kind;
  }

  /** The length of the generated input signal, in seconds. */
  double signalSeconds() {
    return signalSeconds;
  }

  /**
   * Returns the scenario named {@code name}.
   *
   * @throws IllegalArgumentException naming the known scenarios if there is none
   */
  static Scenario parse(String name) {
    for (Scenario scenario : values()) {
      if (scenario.cliName.equals(name)) {
        return scenario;
      }
    }
    throw new IllegalArgumentException("--scenario: unknown scenario \"" + name + "\"; known: "
        + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", ")));
  }
}
