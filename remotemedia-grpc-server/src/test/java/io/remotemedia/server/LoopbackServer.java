package io.remotemedia.server;

import io.grpc.netty.NettyServerBuilder;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.metrics.ServerMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real server on Netty, loopback port 0, with default settings and metrics on a registry
 * of its own, and an SDK client for it; both stopped after each test. Register with {@code
 * @RegisterExtension}.
 */
final class LoopbackServer implements BeforeEachCallback, AfterEachCallback {
  private CollectorRegistry registry;
  private RemoteMediaServer server;
  private RemoteMediaClient client;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    registry = new CollectorRegistry();
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()),
        Observability.defaults().withMetrics(ServerMetrics.register(registry)));
    server.start();
    client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(30))
        .build();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    client.close();
    server.shutdown(Duration.ofSeconds(5));
  }

  /** {@return the SDK client of the running server} */
  RemoteMediaClient client() {
    return client;
  }

  /** {@return the running server} */
  RemoteMediaServer server() {
    return server;
  }

  /** {@return errors_total of {@code type} (ErrorKind in lower case), 0 before any} */
  double errors(String type) {
    Double value = registry.getSampleValue("errors_total", new String[] {"type"},
        new String[] {type});
    return value == null ? 0 : value;
  }

  /** {@return an unlabelled sample's value, 0 when the series does not exist} */
  double metric(String name) {
    Double value = registry.getSampleValue(name);
    return value == null ? 0 : value;
  }
}
