package io.remotemedia.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A TCP proxy on loopback (port 0) in front of a server, that breaks its connections: at
 * once ({@link #cutAll()}), or at random points of the byte stream ({@link #cutRandomly}):
 * after a random number of bytes it forwards part of a read and closes both sockets, as a
 * mobile network that drops does. {@link #abandonAll()} closes only the clients' side, as a
 * network change does. While {@link #refuse(boolean) refusing}, it closes every new connection
 * at once. Threads are daemons; {@link #close()} stops everything.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** The server's side of each connection. */
  private final Set<Socket> serverSides = ConcurrentHashMap.newKeySet();
  /** Server sides left open by {@link #abandonAll()}: closed only by {@link #close()}. */
  private final Set<Socket> abandoned = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private final Object lock = new Object();
  private volatile boolean refusing;

  // Guarded by lock.
  private Random random;
  private int cutsLeft;
  private int minGapBytes;
  private int maxGapBytes;
  private BooleanSupplier armed = () -> false;
  private long bytes;
  private long nextCutAt = Long.MAX_VALUE;

  CuttingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "cutting-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Returns the port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** Returns how many times connections were cut. */
  int cuts() {
    return cuts.get();
  }

  /** Whether to close every new connection at once. */
  void refuse(boolean refuse) {
    refusing = refuse;
  }

  /**
   * Cuts the connections {@code count} times, each after a random number of bytes (both
   * directions together) in [{@code minGapBytes}, {@code maxGapBytes}], counted from when
   * {@code armed} first holds after the previous cut.
   */
  void cutRandomly(long seed, int count, int minGapBytes, int maxGapBytes,
      BooleanSupplier armed) {
    synchronized (lock) {
      this.random = new Random(seed);
      this.cutsLeft = count;
      this.minGapBytes = minGapBytes;
      this.maxGapBytes = maxGapBytes;
      this.armed = armed;
      this.nextCutAt = Long.MAX_VALUE;
    }
  }

  /** Closes every open connection now. */
  void cutAll() {
    synchronized (lock) {
      cuts.incrementAndGet();
    }
    closeAll();
  }

  /**
   * Closes the clients' side of every open connection and leaves the server's side open and
   * silent, as a client that changes networks leaves it: the server sees no end of the
   * connection, so its calls on it look alive until it gives up on them itself.
   */
  void abandonAll() {
    synchronized (lock) {
      cuts.incrementAndGet();
    }
    for (Socket socket : sockets) {
      if (serverSides.contains(socket)) {
        abandoned.add(socket);
      } else {
        closeQuietly(socket);
      }
    }
    sockets.clear();
  }

  private void closeAll() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    closeQuietly(listener);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    for (Socket socket : abandoned) {
      closeQuietly(socket);
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        serverSides.add(server);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, "up");
        pump(server, client, "down");
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      // Not try-with-resources: closing a socket's stream closes the socket, abandoned or not.
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
          int forward = allowance(n);
          out.write(buffer, 0, forward);
          out.flush();
          if (forward < n) {
            closeAll(); // allowance counted the cut
            return;
          }
        }
      } catch (SocketException closed) {
        // The other pump or a cut closed the sockets.
      } catch (IOException e) {
        // The peer went away.
      } finally {
        closeUnlessAbandoned(from);
        closeUnlessAbandoned(to);
      }
    }, "cutting-proxy-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * How many of {@code n} bytes to forward before cutting; {@code n} when no cut is due. A cut
   * is counted here, under the lock that arming reads it under: counted later (when the sockets
   * close), the other direction's pump could see the previous count, arm the next cut before
   * the client even noticed this one, and a cut during its resume would leave the client's
   * callbacks one behind the count for good, so that the proxy never armed again.
   */
  private int allowance(int n) {
    synchronized (lock) {
      if (cutsLeft > 0 && nextCutAt == Long.MAX_VALUE && armed.getAsBoolean()) {
        nextCutAt = bytes + minGapBytes + random.nextInt(maxGapBytes - minGapBytes + 1);
      }
      // A read that ends exactly at the cut point passes whole: the cut falls on the next read
      // (forwarding none of it). Counted here with all n forwarded, it would close nothing.
      if (bytes + n <= nextCutAt) {
        bytes += n;
        return n;
      }
      int forward = (int) (nextCutAt - bytes);
      bytes = nextCutAt;
      nextCutAt = Long.MAX_VALUE;
      cutsLeft--;
      cuts.incrementAndGet();
      return forward;
    }
  }

  private void closeUnlessAbandoned(Socket socket) {
    if (!abandoned.contains(socket)) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Closing is all we want.
    }
  }
}
