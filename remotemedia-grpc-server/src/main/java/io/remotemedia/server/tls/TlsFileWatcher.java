package io.remotemedia.server.tls;

import io.remotemedia.server.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Serves the TLS files again when they change: every {@code interval} it compares the size and
 * modification time of the certificate chain, key and client CA bundle (following symbolic
 * links, as a Kubernetes Secret's mounted files are) with the last look, and on a change reads
 * and applies them to the endpoint's {@link ReplaceableTls} (the gRPC port's or the metrics
 * endpoint's), as SIGHUP does. A renewal (cert-manager's, or a script's) then reaches new
 * connections without a signal. Files that do not make a usable pair (a key written before its
 * certificate, say) are logged once and the served pair stays; the next change is tried again.
 * Thread-safe.
 */
public final class TlsFileWatcher implements AutoCloseable {
  /** How often the server looks at its TLS files. */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LogManager.getLogger(TlsFileWatcher.class);

  private final Supplier<TlsConfig> config;
  private final String section;
  private final ReplaceableTls tls;
  private final ScheduledExecutorService watcher;
  private List<Optional<Stamp>> lastSeen;

  /** A file's size and modification time. */
  private record Stamp(FileTime modified, long size) {}

  private TlsFileWatcher(Supplier<TlsConfig> config, String section, ReplaceableTls tls,
      Duration interval) {
    this.config = config;
    this.section = section;
    this.tls = tls;
    this.lastSeen = stamps(config.get());
    this.watcher = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "remotemedia-tls-watcher-" + section);
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    watcher.scheduleWithFixedDelay(this::applyIfChanged, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts watching the files {@code config} names; the caller has applied them already.
   *
   * @param config the TLS section in force (read at each look, so a reload's new paths count)
   * @param section its name in the configuration, such as {@code tls} or {@code metrics.tls},
   *     for errors and log lines
   * @param tls the endpoint's TLS, given the files again when they change
   * @param interval how often to look
   * @return the running watcher; close it to stop
   */
  public static TlsFileWatcher start(Supplier<TlsConfig> config, String section,
      ReplaceableTls tls, Duration interval) {
    return new TlsFileWatcher(config, section, tls, interval);
  }

  /** Reads and applies the files if any changed since the last look. */
  synchronized void applyIfChanged() {
    TlsConfig current = config.get();
    List<Optional<Stamp>> now = stamps(current);
    if (now.equals(lastSeen)) {
      return;
    }
    lastSeen = now;
    try {
      tls.apply(TlsMaterial.load(current, section));
      log.info("{} files changed: new connections get the certificate {}, valid until {}",
          section, tls.subject(), tls.notAfter());
    } catch (TlsMaterialException e) {
      log.error("{} files changed but cannot be used; new connections keep the certificate"
          + " {} (valid until {}): {}", section, tls.subject(), tls.notAfter(), e.getMessage());
    }
  }

  private static List<Optional<Stamp>> stamps(TlsConfig config) {
    List<Optional<Stamp>> stamps = new ArrayList<>(3);
    for (Optional<Path> file : List.of(config.certFile(), config.keyFile(),
        config.clientCaFile())) {
      stamps.add(file.flatMap(TlsFileWatcher::stamp));
    }
    return stamps;
  }

  private static Optional<Stamp> stamp(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return Optional.of(new Stamp(attributes.lastModifiedTime(), attributes.size()));
    } catch (IOException gone) {
      // A file being replaced may be missing for a moment: its return is a change.
      return Optional.empty();
    }
  }

  /** Stops watching. */
  @Override
  public void close() {
    watcher.shutdownNow();
  }
}
