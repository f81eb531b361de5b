package io.remotemedia.server;

/**
 * The options of the {@code serve} subcommand.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param help whether usage was asked for
 */
record ServeOptions(String host, int port, boolean help) {
  static final String USAGE = """
      usage: java -jar remotemedia-server.jar [serve] [--host HOST] [--port PORT]
             java -jar remotemedia-server.jar run --help
        serve         start the gRPC server (the default)
        run           run a manifest locally over WAV files
        --host HOST   address to bind (default 127.0.0.1)
        --port PORT   port to bind, 0 for any free port (default 50051)""";

  static ServeOptions parse(String[] args) {
    String host = "127.0.0.1";
    int port = ServerSettings.DEFAULT_PORT;
    int i = 0;
    if (args.length > 0 && args[0].equals("serve")) {
      i = 1;
    }
    for (; i < args.length; i++) {
      switch (args[i]) {
        case "--host" -> host = value(args, ++i, "--host");
        case "--port" -> port = port(value(args, ++i, "--port"));
        case "--help", "-h" -> {
          return new ServeOptions(host, port, true);
        }
        default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"");
      }
    }
    return new ServeOptions(host, port, false);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be in [0, 65535], was " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, was \"" + text + "\"", e);
    }
  }
}
