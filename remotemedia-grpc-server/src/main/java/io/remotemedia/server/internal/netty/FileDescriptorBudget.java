package io.remotemedia.server.internal.netty;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Checks that the process may open enough file descriptors for {@code server.max_connections}
 * connections plus {@value #HEADROOM} for everything else (jars, logs, the metrics endpoint,
 * epoll, clients of other servers), and warns when it may not: without the headroom, a full
 * server cannot accept even the connections it would refuse, nor open a file.
 */
public final class FileDescriptorBudget {
  /** Descriptors kept for everything besides client connections. */
  public static final int HEADROOM = 1_000;

  private static final Logger log = LogManager.getLogger(FileDescriptorBudget.class);

  private FileDescriptorBudget() {}

  /** {@return the process's descriptor limit, where the platform tells it} */
  public static OptionalLong processLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean unix
        ? OptionalLong.of(unix.getMaxFileDescriptorCount()) : OptionalLong.empty();
  }

  /**
   * Logs a warning if the descriptor limit is below {@code maxConnections} plus headroom.
   *
   * @param maxConnections the most connections the server accepts
   */
  public static void check(int maxConnections) {
    OptionalLong limit = processLimit();
    long needed = (long) maxConnections + HEADROOM;
    if (limit.isPresent() && limit.getAsLong() < needed) {
      log.warn("the file-descriptor limit is {} but server.max_connections {} needs at least {}"
          + " ({} more for files and sockets besides connections): raise it (ulimit -n, "
          + "LimitNOFILE, or the container runtime's nofile) or lower server.max_connections",
          limit.getAsLong(), maxConnections, needed, HEADROOM);
    }
  }
}
