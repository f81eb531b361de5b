package io.remotemedia.server;

import io.prometheus.client.CollectorRegistry;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.cli.RunCommand;
import io.remotemedia.server.lifecycle.DrainSettings;
import io.remotemedia.server.logging.StructuredMessage;
import io.remotemedia.server.metrics.MetricsHttpServer;
import io.remotemedia.server.metrics.MetricsSettings;
import io.remotemedia.server.metrics.ServerMetrics;
import io.remotemedia.server.netty.ConnectionSettings;
import io.remotemedia.server.netty.NettyTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;

/**
 * The runnable jar: {@code java -jar remotemedia-server.jar [serve] [--host H] [--port P]}, or
 * {@code run --manifest M --input IN.wav --output OUT.wav} for a local run (see {@link
 * RunCommand}).
 *
 * <p>{@code serve} (the default) starts the gRPC server on its embedded defaults, 127.0.0.1:50051,
 * with Prometheus metrics on the same host at port 9090, and stops cleanly on SIGTERM or SIGINT
 * (Ctrl-C): health turns NOT_SERVING, it stops accepting calls, lets in-flight calls finish
 * within the grace period, and exits 0.
 */
public final class ServerMain {
  private static final Logger log = LogManager.getLogger(ServerMain.class);

  private ServerMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int status = run(args, System.out, System.err);
    LogManager.shutdown();
    System.exit(status);
  }

  static int run(String[] args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    if (args.length > 0 && args[0].equals("run")) {
      return new RunCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    ServeOptions options;
    try {
      options = ServeOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("remotemedia-server: " + e.getMessage());
      err.println(ServeOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(ServeOptions.USAGE);
      return 0;
    }
    return serve(options);
  }

  private static int serve(ServeOptions options) throws IOException, InterruptedException {
    ServerSettings settings = ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples())
        .withAddress(options.host(), options.port());
    return serve(settings, new MetricsSettings(true, null, options.metricsPort()),
        ConnectionSettings.defaults(),
        new DrainSettings(Duration.ZERO, Duration.ofMillis(settings.shutdownGraceMs())));
  }

  /**
   * Serves until SIGTERM or SIGINT, then drains with {@link RemoteMediaServer#drain} and
   * returns 0.
   */
  static int serve(ServerSettings settings, MetricsSettings metricsSettings,
      ConnectionSettings connections, DrainSettings drain)
      throws IOException, InterruptedException {
    CollectorRegistry registry = new CollectorRegistry();
    Observability observability = metricsSettings.enabled()
        ? Observability.defaults().withMetrics(ServerMetrics.register(registry))
        : Observability.defaults();
    try (NettyTransport transport = NettyTransport.create(connections)) {
      RemoteMediaServer server = new RemoteMediaServer(
          transport.serverBuilder(new InetSocketAddress(settings.host(), settings.port())),
          LocalPipelineRunner.create(), settings, observability);
      // Handlers first, so a signal that arrives during start still drains cleanly.
      CountDownLatch stop = new CountDownLatch(1);
      Signal.handle(new Signal("TERM"), signal -> stop.countDown());
      Signal.handle(new Signal("INT"), signal -> stop.countDown());
      // Metrics bind first: a taken metrics port stops the start before any call is served.
      MetricsHttpServer metricsHttp = null;
      if (metricsSettings.enabled()) {
        metricsHttp = MetricsHttpServer.start(metricsSettings.hostOr(settings.host()),
            metricsSettings.port(), registry);
        log.info(StructuredMessage.of("metrics.listening", "metrics on http://"
                + metricsSettings.hostOr(settings.host()) + ":" + metricsHttp.port() + "/metrics")
            .with("port", metricsHttp.port()));
      }
      server.start();
      log.info(StructuredMessage.of("server.listening", "RemoteMedia server "
              + ServerVersion.current() + " listening on " + settings.host() + ":" + server.port()
              + " (gRPC, plaintext), " + settings.workerThreads() + " workers")
          .with("host", settings.host())
          .with("port", server.port())
          .with("transport", transport.kind().name().toLowerCase(Locale.ROOT))
          .with("workers", settings.workerThreads()));
      stop.await();
      log.info(StructuredMessage.of("server.signal", "shutdown signal received; draining"
              + " in-flight calls for up to " + drain.grace().toMillis() + " ms")
          .with("grace_ms", drain.grace().toMillis()));
      server.drain(drain);
      if (metricsHttp != null) {
        metricsHttp.close();
      }
    }
    log.info(StructuredMessage.of("server.stopped", "server stopped"));
    return 0;
  }
}
