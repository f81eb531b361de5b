package io.remotemedia.server;

import io.remotemedia.server.metrics.MetricsSettings;

/**
 * The options of the {@code serve} subcommand.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param help whether usage was asked for
 * @param metricsPort the Prometheus {@code /metrics} port; 0 picks a free one
 */
record ServeOptions(String host, int port, boolean help, int metricsPort) {
  static final String USAGE = """
      usage: java -jar remotemedia-server.jar [serve] [--host HOST] [--port PORT]
                                               [--metrics-port PORT]
             java -jar remotemedia-server.jar run --help
        serve                start the gRPC server (the default)
        run                  run a manifest locally over WAV files
        --host HOST          address to bind (default 127.0.0.1)
        --port PORT          port to bind, 0 for any free port (default 50051)
        --metrics-port PORT  port of http://HOST:PORT/metrics, 0 for any free port
                             (default 9090)""";

  ServeOptions(String host, int port, boolean help) {
    this(host, port, help, MetricsSettings.DEFAULT_PORT);
  }

  static ServeOptions parse(String[] args) {
    String host = "127.0.0.1";
    int port = ServerSettings.DEFAULT_PORT;
    int metricsPort = MetricsSettings.DEFAULT_PORT;
    int i = 0;
    if (args.length > 0 && args[0].equals("serve")) {
      i = 1;
    }
    for (; i < args.length; i++) {
      switch (args[i]) {
        case "--host" -> host = value(args, ++i, "--host");
        case "--port" -> port = port(value(args, ++i, "--port"), "--port");
        case "--metrics-port" ->
            metricsPort = port(value(args, ++i, "--metrics-port"), "--metrics-port");
        case "--help", "-h" -> {
          return new ServeOptions(host, port, true, metricsPort);
        }
        default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"");
      }
    }
    return new ServeOptions(host, port, false, metricsPort);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int port(String text, String option) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(option + " must be in [0, 65535], was " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was \"" + text + "\"",
          e);
    }
  }
}
