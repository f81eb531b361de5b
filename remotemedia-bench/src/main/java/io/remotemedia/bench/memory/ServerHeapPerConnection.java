package io.remotemedia.bench.memory;

import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle connection on a running server: its used heap after full GCs and its resident
 * set with no client connected, then with N connections open (each a client that made one
 * GetVersion call, as the load generator's {@code connections} scenario opens them), then again
 * after they closed. Per connection: (open − before) / N, for heap and RSS.
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.memory.ServerHeapPerConnection TARGET SERVER_PID [connections=2000]...
 * </pre>
 * Each further count is measured in turn on the same server.
 */
public final class ServerHeapPerConnection {
  private ServerHeapPerConnection() {}

  /**
   * Runs the measurement for each connection count and prints the results.
   *
   * @param args the server's target and process id, then the connection counts (default 2000)
   * @throws IOException if the server's memory cannot be read
   * @throws InterruptedException if interrupted while connections open or close
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    String target = args[0];
    long pid = Long.parseLong(args[1]);
    List<Integer> counts = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      counts.add(Integer.parseInt(args[i]));
    }
    if (counts.isEmpty()) {
      counts.add(2000);
    }
    try (ServerHeap heap = ServerHeap.attach(pid)) {
      for (int count : counts) {
        long heapBefore = heap.usedAfterGc();
        long rssBefore = heap.rssBytes();
        List<RemoteMediaClient> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          clients.add(RemoteMediaClient.builder().target(target)
              .deadline(Duration.ofSeconds(60)).build());
        }
        long opened = clients.parallelStream().filter(ServerHeapPerConnection::opens).count();
        long heapOpen = heap.usedAfterGc();
        long rssOpen = heap.rssBytes();
        clients.parallelStream().forEach(RemoteMediaClient::close);
        TimeUnit.SECONDS.sleep(2);
        long heapClosed = heap.usedAfterGc();
        long rssClosed = heap.rssBytes();
        System.out.printf("%d connections opened: heap after GC %d -> %d -> %d B (before, open,"
            + " closed), %.2f KiB per connection; RSS %d -> %d -> %d KiB, %.1f KiB per"
            + " connection%n", opened, heapBefore, heapOpen, heapClosed,
            (heapOpen - heapBefore) / 1024.0 / count, rssBefore / 1024, rssOpen / 1024,
            rssClosed / 1024, (rssOpen - rssBefore) / 1024.0 / count);
      }
    }
  }

  private static boolean opens(RemoteMediaClient client) {
    try {
      client.serverInfo();
      return true;
    } catch (RemoteMediaException e) {
      System.err.println("a connection failed: " + e.code() + " " + e.getMessage());
      return false;
    }
  }
}
