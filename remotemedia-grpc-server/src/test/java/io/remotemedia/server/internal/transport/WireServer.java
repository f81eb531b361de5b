package io.remotemedia.server.internal.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.Await;
import io.remotemedia.server.Observability;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.internal.logging.AccessLogInterceptor;
import io.remotemedia.server.internal.logging.EveryLogger;
import io.remotemedia.server.metrics.ServerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real server on Netty, loopback port 0, with metrics on a registry of its own, and a
 * channel to it; it records what the server writes (log4j events, grpc's java.util.logging
 * records, stderr), so that a test can assert that a client's mistake leaves one access line
 * and no stack trace. Register with {@code @RegisterExtension}.
 */
final class WireServer implements BeforeEachCallback, AfterEachCallback {
  /** The inbound message limit the server runs with: 8 MiB, room for a 5 MB parameter name. */
  static final int MAX_MESSAGE_BYTES = 8 << 20;

  private final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<LogRecord> julRecords = Collections.synchronizedList(new ArrayList<>());
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Logger grpcJul = Logger.getLogger("io.grpc");
  private final Logger nettyJul = Logger.getLogger("io.netty");
  private final Handler julCapture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      // INFO and above: what java.util.logging's console handler writes to stderr (which
      // is only seen through the tee by the first test that makes JUL create that handler).
      if (record.getLevel().intValue() >= Level.INFO.intValue()) {
        julRecords.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final ServerSettings settings;
  private AbstractAppender capture;
  private PrintStream originalErr;
  private CollectorRegistry registry;
  private RemoteMediaServer server;
  private ManagedChannel channel;

  /** A server whose requests may be up to {@link #MAX_MESSAGE_BYTES}. */
  WireServer() {
    this(new ServerSettings(MAX_MESSAGE_BYTES));
  }

  /** A server with {@code settings}. */
  WireServer(ServerSettings settings) {
    this.settings = settings;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    capture = new AbstractAppender("wire-capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        events.add(event.toImmutable());
      }
    };
    capture.start();
    EveryLogger.attach(capture);
    grpcJul.addHandler(julCapture);
    nettyJul.addHandler(julCapture);
    // Netty picks its logging on first use; with the test class path's slf4j-api (from fabric8)
    // and no provider, SLF4J warns once on stderr. Let that happen before stderr is watched, so
    // a test that runs first in its JVM does not see it as the server's.
    InternalLoggerFactory.getInstance(WireServer.class);
    originalErr = System.err;
    System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true));

    registry = new CollectorRegistry();
    ServerSettings defaults = ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples());
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        settings,
        Observability.defaults().withMetrics(ServerMetrics.register(registry)));
    server.start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .maxInboundMessageSize(defaults.maxInboundMessageBytes())
        .build();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
    System.setErr(originalErr);
    grpcJul.removeHandler(julCapture);
    nettyJul.removeHandler(julCapture);
    EveryLogger.detach(capture);
    capture.stop();
  }

  ManagedChannel channel() {
    return channel;
  }

  int port() {
    return server.port();
  }

  /** Returns a sample's value, or 0 when the series does not exist (yet). */
  double metric(String name, String... labelNamesAndValues) {
    String[] names = new String[labelNamesAndValues.length / 2];
    String[] values = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = labelNamesAndValues[2 * i];
      values[i] = labelNamesAndValues[2 * i + 1];
    }
    Double value = registry.getSampleValue(name, names, values);
    return value == null ? 0 : value;
  }

  /** Waits up to 5 s for {@code value} to read {@code expected}, and returns what it read. */
  static double await(DoubleSupplier value, double expected) throws Exception {
    double[] read = {Double.NaN};
    Await.until("the value reads " + expected, 5, () -> {
      read[0] = value.getAsDouble();
      return read[0] == expected;
    });
    return read[0];
  }

  /** Returns the access-log lines written so far, as their messages. */
  List<String> accessLines() {
    AccessLogInterceptor.flushWaitingLines();
    synchronized (events) {
      return events.stream()
          .filter(event -> event.getLoggerName().equals("io.remotemedia.server.access"))
          .map(event -> event.getMessage().getFormattedMessage())
          .toList();
    }
  }

  /** Returns every log4j event written so far that is not an access line. */
  List<LogEvent> otherEvents() {
    AccessLogInterceptor.flushWaitingLines();
    synchronized (events) {
      return events.stream()
          .filter(event -> !event.getLoggerName().equals("io.remotemedia.server.access"))
          .toList();
    }
  }

  /**
   * Returns every stack trace or warning written so far: log4j events with a throwable,
   * grpc's and Netty's java.util.logging records at INFO and above, and anything on stderr.
   */
  List<String> stackTraces() {
    List<String> found = new ArrayList<>();
    synchronized (events) {
      events.stream().filter(event -> event.getThrown() != null)
          .forEach(event -> found.add("log4j: " + event.getMessage().getFormattedMessage()
              + ": " + event.getThrown()));
    }
    synchronized (julRecords) {
      julRecords.forEach(record -> found.add("jul " + record.getLoggerName() + ": "
          + record.getMessage() + ": " + record.getThrown()));
    }
    synchronized (stderr) {
      if (stderr.size() > 0) {
        found.add("stderr: " + stderr);
      }
    }
    return found;
  }

  /** Writes to two streams; the copy is read under its own lock. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final ByteArrayOutputStream copy;

    TeeStream(java.io.OutputStream first, ByteArrayOutputStream copy) {
      this.first = first;
      this.copy = copy;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
      first.write(bytes, offset, length);
      synchronized (copy) {
        copy.write(bytes, offset, length);
      }
    }
  }
}
