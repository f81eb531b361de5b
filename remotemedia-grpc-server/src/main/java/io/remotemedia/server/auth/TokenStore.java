package io.remotemedia.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The current {@link TokenSet}, swapped atomically when the tokens file changes or on SIGHUP.
 * A call checks against whichever set was current when it arrived, so a reload never fails a
 * call in flight. A file that changes into something invalid is logged and the old set stays;
 * one emptied of clients (only comments or blank lines) is taken, with a warning: every client
 * is revoked.
 * Thread-safe.
 */
public final class TokenStore implements AutoCloseable {
  private static final Logger log = LogManager.getLogger(TokenStore.class);

  private final AtomicReference<Loaded> current;
  private final ScheduledExecutorService watcher;
  private final List<Consumer<TokenSet>> listeners = new CopyOnWriteArrayList<>();

  /** What was loaded, and the file's size and modification time when it was read. */
  private record Loaded(Path file, TokenSet tokens, FileTime modified, long size) {}

  private TokenStore(Loaded initial, long checkIntervalMs) {
    this.current = new AtomicReference<>(initial);
    if (checkIntervalMs > 0) {
      watcher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "remotemedia-tokens-watcher");
        thread.setDaemon(true);
        return thread;
      });
      watcher.scheduleWithFixedDelay(this::reloadIfChanged, checkIntervalMs, checkIntervalMs,
          TimeUnit.MILLISECONDS);
    } else {
      watcher = null;
    }
  }

  /**
   * Reads {@code file} and, if {@code checkIntervalMs > 0}, checks its size and modification
   * time every {@code checkIntervalMs} ms, reloading it when they change.
   *
   * @param file the tokens file
   * @param checkIntervalMs how often to look for changes, in ms; 0 or less never reloads
   * @return a store holding the file's tokens
   * @throws TokenFileException if the file cannot be used
   */
  public static TokenStore open(Path file, long checkIntervalMs) throws TokenFileException {
    return new TokenStore(read(file), checkIntervalMs);
  }

  /**
   * Watches {@code file}, whose tokens the caller has already read.
   *
   * @param file the tokens file the tokens came from
   * @param tokens the tokens already read from it
   * @param checkIntervalMs how often to look for changes, in ms; 0 or less never reloads
   * @return a store holding {@code tokens}
   */
  public static TokenStore of(Path file, TokenSet tokens, long checkIntervalMs) {
    TokenStore store = new TokenStore(new Loaded(file, tokens, null, -1), checkIntervalMs);
    store.replace(file, tokens);
    return store;
  }

  /**
   * Adds a listener told the new set after each swap (a changed file or {@link #replace}), on
   * the thread that swapped it; it must be quick and must not throw. The per-client metrics
   * and quotas use it to follow the file's client names.
   *
   * @param listener told each new set; not null; it is not told the current set
   * @throws NullPointerException if {@code listener} is null
   */
  public void addListener(Consumer<TokenSet> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** {@return the tokens to check a call against now: the last set loaded or swapped in} */
  public TokenSet current() {
    return current.get().tokens();
  }

  /** {@return the tokens file in use} */
  public Path file() {
    return current.get().file();
  }

  /**
   * Swaps in {@code tokens}, read from {@code file} (which may differ from the current file),
   * and watches that file from now on.
   *
   * @param file the tokens file to watch from now on
   * @param tokens the tokens read from it
   */
  public void replace(Path file, TokenSet tokens) {
    FileTime modified = null;
    long size = -1;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      modified = attributes.lastModifiedTime();
      size = attributes.size();
    } catch (IOException e) {
      log.warn("cannot read the attributes of the tokens file {} ({}); the next check reloads it",
          file, e.toString());
    }
    current.set(new Loaded(Objects.requireNonNull(file, "file"),
        Objects.requireNonNull(tokens, "tokens"), modified, size));
    swapped(file, tokens);
  }

  /** Reloads the file if its size or modification time changed; keeps the set on failure. */
  void reloadIfChanged() {
    Loaded before = current.get();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(before.file(), BasicFileAttributes.class);
    } catch (IOException e) {
      log.warn("cannot check the tokens file {} for changes ({}); keeping {} tokens",
          before.file(), e.toString(), before.tokens().size());
      return;
    }
    if (attributes.lastModifiedTime().equals(before.modified())
        && attributes.size() == before.size()) {
      return;
    }
    try {
      Loaded after = read(before.file());
      if (current.compareAndSet(before, after)) {
        log.info("tokens file {} changed: {} tokens for clients {}", after.file(),
            after.tokens().size(), after.tokens().clientNames());
        swapped(after.file(), after.tokens());
      }
    } catch (TokenFileException e) {
      log.error("tokens file {} changed but cannot be used, keeping the {} tokens loaded "
          + "before: {}", before.file(), before.tokens().size(), e.getMessage());
      // Remember the bad version so that the error is logged once, not on every check.
      current.compareAndSet(before, new Loaded(before.file(), before.tokens(),
          attributes.lastModifiedTime(), attributes.size()));
    }
  }

  private void swapped(Path file, TokenSet tokens) {
    if (tokens.isEmpty()) {
      log.warn("tokens file {} holds no tokens: every client is revoked and every call is"
          + " refused until a line printed by \"hash-token NAME\" is added", file);
    }
    listeners.forEach(listener -> listener.accept(tokens));
  }

  /** Stops watching the file. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }

  private static Loaded read(Path file) throws TokenFileException {
    FileTime modified = null;
    long size = -1;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      modified = attributes.lastModifiedTime();
      size = attributes.size();
    } catch (IOException e) {
      // Unreadable: TokenFile.read below reports it with the reason.
      modified = null;
    }
    return new Loaded(file, TokenFile.read(file), modified, size);
  }
}
