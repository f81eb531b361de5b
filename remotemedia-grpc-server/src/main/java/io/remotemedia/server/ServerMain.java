package io.remotemedia.server;

import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.cli.RunCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.time.Duration;
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
 * and stops cleanly on SIGTERM or SIGINT (Ctrl-C): it stops accepting calls, lets in-flight
 * calls finish within the grace period, and exits 0.
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
    NettyServerBuilder transport =
        NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()));
    RemoteMediaServer server =
        new RemoteMediaServer(transport, LocalPipelineRunner.create(), settings);
    server.start();
    log.info("RemoteMedia server {} listening on {}:{} (gRPC, plaintext), {} workers",
        ServerVersion.current(), settings.host(), server.port(), settings.workerThreads());

    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    stop.await();
    log.info("shutdown signal received; draining in-flight calls for up to {} ms",
        settings.shutdownGraceMs());
    server.shutdown(Duration.ofMillis(settings.shutdownGraceMs()));
    log.info("server stopped");
    return 0;
  }
}
