package io.remotemedia.server;

import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.EffectiveConfig;
import java.io.IOException;
import java.util.Locale;

/**
 * The server could not listen on one of its ports, most often because another process (a
 * server started earlier) holds it. The message is one line for the operator: which port,
 * which setting chose it, and the flag, variable and key that change it:
 *
 * <pre>
 * cannot listen for gRPC on 127.0.0.1:50051: the port is already in use (server.port = 50051,
 * default); stop what holds it or choose another port with --port PORT,
 * REMOTEMEDIA_SERVER_PORT or server.port in the configuration file (0 picks a free one)
 * </pre>
 */
public final class PortBindException extends IOException {
  /** The two ports the server binds, with the setting and the flag that choose each. */
  public enum Listener {
    /** The gRPC port. */
    GRPC("gRPC", "server.port", "--port"),
    /** The Prometheus {@code /metrics} port. */
    METRICS("metrics", "metrics.port", "--metrics-port");

    private final String label;
    private final String setting;
    private final String flag;

    Listener(String label, String setting, String flag) {
      this.label = label;
      this.setting = setting;
      this.flag = flag;
    }

    /** {@return the configuration key that sets this port, such as {@code server.port}} */
    public String setting() {
      return setting;
    }

    /** {@return the {@code serve} flag that sets this port, such as {@code --port}} */
    public String flag() {
      return flag;
    }
  }

  /** Which listener could not bind; see {@link #listener()}. */
  private final Listener listener;
  /** The port that could not be bound; see {@link #port()}. */
  private final int port;

  private PortBindException(String message, Listener listener, int port, IOException cause) {
    super(message, cause);
    this.listener = listener;
    this.port = port;
  }

  /**
   * Describes a failed bind of {@code listener} on {@code host:port}.
   *
   * @param effective the configuration in force, for the layer that set the port
   * @param cause the transport's failure, kept as the cause
   */
  static PortBindException of(Listener listener, String host, int port,
      EffectiveConfig effective, IOException cause) {
    String source = effective.entry(listener.setting)
        .map(entry -> listener.setting + " = " + entry.value() + ", " + entry.source())
        .orElse(listener.setting + " = " + port);
    String problem = isAddressInUse(cause)
        ? "the port is already in use"
        : rootMessage(cause);
    return new PortBindException("cannot listen for " + listener.label + " on " + host + ":"
        + port + ": " + problem + " (" + source + "); stop what holds it or choose another port"
        + " with " + listener.flag + " PORT, " + ConfigLoader.environmentVariable(listener.setting)
        + " or " + listener.setting + " in the configuration file (0 picks a free one)",
        listener, port, cause);
  }

  /** {@return which of the server's ports could not be bound} */
  public Listener listener() {
    return listener;
  }

  /** {@return the port that could not be bound} */
  public int port() {
    return port;
  }

  private static boolean isAddressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // NIO's BindException and Netty's native NativeIoException both carry the operating
      // system's text for EADDRINUSE; a BindException alone may also mean a foreign host.
      if (t.getMessage() != null
          && t.getMessage().toLowerCase(Locale.ROOT).contains("address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
