package io.remotemedia.server;

import io.remotemedia.pipeline.internal.ReleaseVersion;
import io.remotemedia.server.auth.HashTokenCommand;
import io.remotemedia.server.internal.cli.CallCommand;
import io.remotemedia.server.internal.cli.ExplainCommand;
import io.remotemedia.server.internal.cli.RunCommand;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.internal.logging.JavaUtilLoggingRoute;
import io.remotemedia.server.internal.logging.LogLevelVariable;
import io.remotemedia.server.internal.logging.StructuredMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The runnable jar: {@code java -jar remotemedia-server.jar [serve] [--config FILE] [--host H]
 * [--port P] [--metrics-port P]}, {@code run} for a local run over WAV files (see {@link
 * RunCommand}), {@code call} for the same run on a server (see {@link CallCommand}), {@code
 * explain} for a dry run here or on a server (see {@link ExplainCommand}), or {@code hash-token
 * [--generate] NAME}.
 *
 * <p>{@code serve} (the default) starts the gRPC server from the configuration (the file from
 * {@code --config} or {@code REMOTEMEDIA_CONFIG} over the embedded defaults, then environment
 * variables, then the flags); with none it serves on 127.0.0.1:50051 without authentication.
 * A bad configuration is reported in full and the process exits 2; a port that cannot be bound
 * (already in use) is reported in one line naming the port and the setting, and the process
 * exits 1. {@code help} lists the commands, {@code help COMMAND} shows one's options. SIGHUP
 * reloads tokens, certificates, limits and quotas. SIGTERM or SIGINT (Ctrl-C) stops cleanly:
 * health turns NOT_SERVING, after the pre-stop delay it stops accepting calls, lets in-flight
 * calls finish within the grace period, and exits 0. A signal during the start (from the first
 * log line on) is acted on once the server runs.
 */
public final class ServerMain {
  /** Holds the logger, so that log4j starts only after {@link #main} has checked its level. */
  private static final class Log {
    static final Logger LOG = LogManager.getLogger(ServerMain.class);
  }

  /** The subcommands, in the order the usage lists them. */
  private static final List<String> COMMANDS =
      List.of("serve", "run", "call", "explain", HashTokenCommand.NAME, "help");
  /** The commands that log without reading the configuration. */
  private static final List<String> CLI_COMMANDS = List.of("run", "call", "explain");

  private ServerMain() {}

  /**
   * Runs the command {@code args} names (see the class comment) and exits the JVM with its status:
   * 0 on success, 1 when it fails, 2 for bad usage or a bad configuration. For {@code serve} that
   * is after the server has stopped.
   *
   * @param args the command and its options; none serves with the defaults
   * @throws IOException if the server cannot start for a reason other than a busy port
   * @throws InterruptedException if interrupted while waiting for the server to stop
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Optional<String> wrongLevel = LogLevelVariable.problem(System.getenv());
    if (wrongLevel.isPresent() || LogLevelVariable.isBlank(System.getenv())) {
      LogLevelVariable.logAtInfo();
    }
    if (args.length > 0 && CLI_COMMANDS.contains(args[0])) {
      // serve reports it as a configuration problem (logging.level) and does not start.
      wrongLevel.ifPresent(wrong -> System.err.println("remotemedia " + args[0] + ": " + wrong
          + "; logging at INFO"));
    }
    JavaUtilLoggingRoute.install();
    int status = run(args, System.in, System.out, System.err, System.getenv());
    LogManager.shutdown();
    System.exit(status);
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
      Map<String, String> environment) throws IOException, InterruptedException {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("version"))) {
      out.println("remotemedia-server " + ReleaseVersion.current());
      return 0;
    }
    if (args.length > 0 && args[0].equals("help")) {
      return help(Arrays.copyOfRange(args, 1, args.length), in, out, err, environment);
    }
    if (args.length > 0 && args[0].equals("run")) {
      return new RunCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && args[0].equals("call")) {
      return new CallCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && args[0].equals("explain")) {
      return new ExplainCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && args[0].equals(HashTokenCommand.NAME)) {
      return HashTokenCommand.run(Arrays.copyOfRange(args, 1, args.length), in, out,
          err);
    }
    ServeOptions options;
    try {
      options = ServeOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("remotemedia-server: " + e.getMessage());
      err.println(args[0].equals("serve") ? ServeOptions.SERVE_USAGE : ServeOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      // "serve --help" (and so "help serve") is about serve; a bare "--help" about everything.
      out.println(args[0].equals("serve") ? ServeOptions.SERVE_USAGE : ServeOptions.USAGE);
      return 0;
    }
    return serve(options, environment, err);
  }

  /**
   * {@code help} prints the usage of every command; {@code help COMMAND} is {@code COMMAND
   * --help}.
   */
  private static int help(String[] args, InputStream in, PrintStream out, PrintStream err,
      Map<String, String> environment) throws IOException, InterruptedException {
    if (args.length == 0) {
      out.println(ServeOptions.USAGE);
      return 0;
    }
    if (args.length == 1 && COMMANDS.contains(args[0])) {
      return args[0].equals("help") ? help(new String[0], in, out, err, environment)
          : run(new String[] {args[0], "--help"}, in, out, err, environment);
    }
    err.println("remotemedia-server: help: unknown command \"" + String.join(" ", args)
        + "\"; commands: " + String.join(", ", COMMANDS));
    return 2;
  }

  /** The configuration sources: the file, the environment, then the flags. */
  static ConfigLoader loader(ServeOptions options, Map<String, String> environment) {
    ConfigLoader.Builder loader = ConfigLoader.builder().environment(environment);
    Optional<Path> file = options.config().or(() ->
        Optional.ofNullable(environment.get(ConfigLoader.CONFIG_FILE_VARIABLE))
            .filter(name -> !name.isBlank())
            .map(Path::of));
    file.ifPresent(loader::file);
    options.host().ifPresent(host -> loader.flag("server.host", "--host", host));
    options.port().ifPresent(port -> loader.flag("server.port", "--port",
        Integer.toString(port)));
    options.metricsPort().ifPresent(port -> loader.flag("metrics.port", "--metrics-port",
        Integer.toString(port)));
    return loader.build();
  }

  private static int serve(ServeOptions options, Map<String, String> environment,
      PrintStream err) throws IOException, InterruptedException {
    // The handlers go in before the start: the JVM's own would end a process signalled while
    // it starts (a pod deleted then) with status 143 or 129 and no line logged. (They still do
    // in the JVM's and log4j's own start, before this line: 0.6-1 s on 2 CPUs.)
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    DeferredReload reload = new DeferredReload();
    if (Signal.handle(new Signal("HUP"), signal -> reload.requested()) == SignalHandler.SIG_IGN) {
      // The JVM leaves a signal that the process was started ignoring (nohup) ignored.
      Log.LOG.warn(StructuredMessage.of("server.sighup_ignored", "SIGHUP is ignored in this"
          + " process (started with nohup, or by a parent that ignores it): SIGHUP will not"
          + " reload the configuration; restart the server to apply a changed one"));
    }
    ConfiguredServer server;
    try {
      server = ConfiguredServer.start(loader(options, environment));
    } catch (ConfigException e) {
      Log.LOG.error("cannot start: {}", e.getMessage());
      err.println("remotemedia-server: " + e.getMessage());
      return 2;
    } catch (PortBindException e) {
      // One line, no stack trace: the operator's fix is a free port, not a bug report.
      Log.LOG.error("cannot start: {}", e.getMessage());
      err.println("remotemedia-server: " + e.getMessage());
      return 1;
    }
    RemoteMediaConfig config = server.config();
    String security = (server.tlsEnabled() ? "TLS" : "plaintext") + ", "
        + (config.auth().enabled() ? "bearer tokens" : "no authentication");
    Log.LOG.info(StructuredMessage.of("server.listening", "RemoteMedia server "
            + ReleaseVersion.current() + " listening on " + config.server().host() + ":"
            + server.port() + " (gRPC, " + security + "), "
            + config.server().workerThreads() + " workers")
        .with("host", config.server().host())
        .with("port", server.port())
        .with("tls", server.tlsEnabled())
        .with("auth", config.auth().enabled())
        .with("transport", server.transportKind().name().toLowerCase(Locale.ROOT))
        .with("workers", config.server().workerThreads()));
    reload.started(() -> {
      Log.LOG.info(StructuredMessage.of("server.reload", "SIGHUP received; reloading tokens,"
          + " certificates, limits and quotas"));
      server.reload();
    });

    stop.await();
    Log.LOG.info(StructuredMessage.of("server.signal", "shutdown signal received; draining"
            + " in-flight calls for up to " + server.config().server().shutdownGraceMs() + " ms")
        .with("grace_ms", server.config().server().shutdownGraceMs()));
    server.drain();
    Log.LOG.info(StructuredMessage.of("server.stopped", "server stopped"));
    return 0;
  }
}
