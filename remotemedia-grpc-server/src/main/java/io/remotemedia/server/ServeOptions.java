package io.remotemedia.server;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The options of the {@code serve} subcommand. Host and ports, when given, override the
 * configuration file and the environment.
 *
 * @param host the address to bind, if given
 * @param port the port to bind, if given; 0 picks a free one
 * @param config the configuration file, if given
 * @param help whether usage was asked for
 * @param metricsPort the Prometheus {@code /metrics} port, if given; 0 picks a free one
 */
record ServeOptions(Optional<String> host, OptionalInt port, Optional<Path> config,
    boolean help, OptionalInt metricsPort) {
  /** {@code serve}'s options, as both usages list them. */
  private static final String SERVE_OPTIONS = """
        --config FILE        YAML configuration (default: $REMOTEMEDIA_CONFIG, else built-in
                             defaults)
        --host HOST          address to bind, overriding the configuration (default 127.0.0.1)
        --port PORT          port to bind, 0 for any free port (default 50051)
        --metrics-port PORT  port of /metrics, 0 for any free port (default 9090); it binds
                             metrics.host (default 127.0.0.1), not --host
      """;

  static final String USAGE = """
      usage: java -jar remotemedia-server.jar [serve] [--config FILE] [--host HOST] [--port PORT]
                                               [--metrics-port PORT]
             java -jar remotemedia-server.jar run --manifest FILE --input IN.wav --output OUT.wav
             java -jar remotemedia-server.jar call --target HOST:PORT --manifest FILE
                                                   --input IN.wav --output OUT.wav
             java -jar remotemedia-server.jar explain --manifest FILE
                                                      --input NODE=RATE:CHANNELS[:ENCODING]
             java -jar remotemedia-server.jar hash-token [--generate] NAME
             java -jar remotemedia-server.jar help [COMMAND]
             java -jar remotemedia-server.jar --version
        serve                start the gRPC server (the default)
      """ + SERVE_OPTIONS + """
        run                  run a manifest locally over WAV files
        call                 run a manifest on a RemoteMedia server over WAV files
        explain              dry-run a manifest (here, or on a server with --target): nodes,
                             codecs at its edges, latencies
        hash-token           print the tokens-file line NAME:SHA256HEX for a token
        help [COMMAND]       this text, or a command's options: help run, help call, ...
        --version            print the server's version
      docs/configuration.md lists every setting and its environment variable.""";

  /** What {@code help serve} and {@code serve --help} print. */
  static final String SERVE_USAGE = """
      usage: java -jar remotemedia-server.jar [serve] [--config FILE] [--host HOST] [--port PORT]
                                               [--metrics-port PORT]
      Serves remotemedia.v1.PipelineService (ExecutePipeline, StreamPipeline, GetVersion,
      ExplainPipeline), gRPC health and reflection, and on the metrics port /metrics and
      /-/ready, until SIGTERM or SIGINT drains it (health NOT_SERVING for
      server.pre_stop_delay_ms, then calls in flight finish within server.shutdown_grace_ms).
      SIGHUP reloads the tokens, the TLS files, the limits, the quotas and the log level.
      """ + SERVE_OPTIONS + """
      The flags override the REMOTEMEDIA_* environment variables, which override the file.
      docs/configuration.md lists every setting and its environment variable.""";

  static ServeOptions parse(String[] args) {
    Optional<String> host = Optional.empty();
    OptionalInt port = OptionalInt.empty();
    OptionalInt metricsPort = OptionalInt.empty();
    Optional<Path> config = Optional.empty();
    int i = 0;
    if (args.length > 0 && args[0].equals("serve")) {
      i = 1;
    }
    Set<String> given = new HashSet<>();
    for (; i < args.length; i++) {
      if (args[i].startsWith("--") && !given.add(args[i])) {
        throw new IllegalArgumentException(args[i] + " is given twice; give it once");
      }
      switch (args[i]) {
        case "--host" -> host = Optional.of(value(args, ++i, "--host"));
        case "--port" -> port = OptionalInt.of(port(value(args, ++i, "--port"), "--port"));
        case "--metrics-port" -> metricsPort =
            OptionalInt.of(port(value(args, ++i, "--metrics-port"), "--metrics-port"));
        case "--config" -> config = Optional.of(Path.of(value(args, ++i, "--config")));
        case "--help", "-h" -> {
          return new ServeOptions(host, port, config, true, metricsPort);
        }
        default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"");
      }
    }
    return new ServeOptions(host, port, config, false, metricsPort);
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
      throw new IllegalArgumentException(option + " must be a number, was \"" + text + "\"", e);
    }
  }
}
