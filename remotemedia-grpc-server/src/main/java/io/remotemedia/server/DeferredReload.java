package io.remotemedia.server;

/**
 * SIGHUP's reload, which can arrive before the server has started: it is then run once, right
 * after the start, since the file may have changed after the start read it, on a thread of its
 * own as the signal's would have been (so that whatever it does, the thread that started the
 * server goes on to wait for SIGTERM). Thread-safe.
 */
final class DeferredReload {
  private Runnable reload; // guarded by this
  private boolean pending; // guarded by this

  /** A SIGHUP: reloads now if the server runs, else once it does. */
  void requested() {
    Runnable now;
    synchronized (this) {
      if (reload == null) {
        pending = true;
        return;
      }
      now = reload;
    }
    now.run();
  }

  /** The server runs: {@code reload} answers SIGHUP from now on, and a SIGHUP seen before. */
  void started(Runnable reload) {
    boolean missed;
    synchronized (this) {
      this.reload = reload;
      missed = pending;
      pending = false;
    }
    if (missed) {
      Thread late = new Thread(reload, "remotemedia-sighup-after-start");
      late.setDaemon(true);
      late.start();
    }
  }
}
