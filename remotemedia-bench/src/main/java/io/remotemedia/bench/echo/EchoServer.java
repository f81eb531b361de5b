package io.remotemedia.bench.echo;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Serves {@link EchoService} on a loopback port with grpc-java's default settings, until the
 * process is stopped.
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar io.remotemedia.bench.echo.EchoServer [PORT]
 * </pre>
 */
public final class EchoServer {
  /** The default port. */
  public static final int DEFAULT_PORT = 50052;

  private EchoServer() {}

  /**
   * Starts an echo server on {@code 127.0.0.1:port}; the caller shuts it down.
   *
   * @param port the port to bind on loopback; 0 picks a free one
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  public static Server start(int port) throws IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .maxInboundMessageSize(Integer.MAX_VALUE)
        .addService(EchoService.definition())
        .build()
        .start();
  }

  /**
   * Runs the echo server on the port given as the only argument, or {@link #DEFAULT_PORT}.
   *
   * @param args optionally the port; default {@link #DEFAULT_PORT}
   * @throws IOException if the port cannot be bound
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
    Server server = start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("echo server on 127.0.0.1:" + server.getPort());
    server.awaitTermination();
  }
}
