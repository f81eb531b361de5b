package io.remotemedia.bench.memory;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.client.StreamListener;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;

/**
 * Retained heap per open stream on a running server: opens K streams of the 48 kHz → 16 kHz
 * resample + VAD manifest (as {@link HeapPerStream}) through the client SDK over C connections,
 * pushes one 20 ms chunk into each and waits for every result, then reads the server's used heap
 * after a full GC with the streams open; cancels them, waits, and reads it again after they
 * closed. Per stream: (open − closed) / K. One warm-up round of min(K, 50) streams first, not
 * counted. Optionally (first round) writes the server's live class histogram with the streams
 * open to a file, and prints the 15 classes whose live bytes grew most per open stream (the
 * histogram with the streams open minus the one after they closed, over K).
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar \
 *     io.remotemedia.bench.memory.ServerHeapPerStream \
 *     TARGET SERVER_PID [streams=200] [rounds=3] [connections=10] [histogram.txt]
 * </pre>
 */
public final class ServerHeapPerStream {
  private ServerHeapPerStream() {}

  /**
   * Runs the measurement and prints each round, the median and, if asked, the classes that grew.
   *
   * @param args the server's target and process id, then optionally the streams (default 200),
   *     rounds (default 3), connections (default 10) and a histogram file
   * @throws IOException if the server's memory or histogram cannot be read or written
   * @throws InterruptedException if interrupted while streams open or close
   * @throws JMException if a JMX call to the server fails
   */
  public static void main(String[] args) throws IOException, InterruptedException, JMException {
    String target = args[0];
    long pid = Long.parseLong(args[1]);
    int streams = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int connections = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    Path histogram = args.length > 5 ? Path.of(args[5]) : null;
    AudioBuffer chunk = MemoryStreams.chunk();
    OpenStreamRequest open = MemoryStreams.OPEN;
    List<RemoteMediaClient> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      clients.add(RemoteMediaClient.builder().target(target).deadline(Duration.ofSeconds(60))
          .build());
    }
    try (ServerHeap heap = ServerHeap.attach(pid)) {
      round(heap, clients, open, chunk, Math.min(streams, 50), null);
      double[] perStream = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        perStream[round] = round(heap, clients, open, chunk, streams,
            round == 0 ? histogram : null);
        System.out.printf("round %d: %.1f KiB per stream%n", round, perStream[round] / 1024);
      }
      Arrays.sort(perStream);
      System.out.printf("streams %d, connections %d, rounds %d: median retained server heap"
          + " per stream %.1f KiB%n", streams, connections, rounds, perStream[rounds / 2] / 1024);
    } finally {
      clients.forEach(RemoteMediaClient::close);
    }
  }

  private static double round(ServerHeap heap, List<RemoteMediaClient> clients,
      OpenStreamRequest open, AudioBuffer chunk, int count, Path histogram)
      throws IOException, InterruptedException, JMException {
    long before = heap.usedAfterGc();
    long rssBefore = heap.rssBytes();
    CountDownLatch results = new CountDownLatch(count);
    StreamListener listener = new StreamListener() {
      @Override
      public void onResult(StreamResult result) {
        results.countDown();
      }

      @Override
      public void onError(RemoteMediaException error) {
        // Cancelling at the end of the round lands here; a failure before is seen as a
        // missing result.
      }
    };
    List<RemoteStreamSession> sessions = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        RemoteStreamSession session = clients.get(i % clients.size()).openSession(open, listener);
        sessions.add(session);
        session.send(chunk);
      }
      if (!results.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(results.getCount() + " of " + count
            + " streams gave no result within 60 s");
      }
      long withOpen = heap.usedAfterGc();
      long rssOpen = heap.rssBytes();
      String histogramOpen = histogram == null ? null : heap.liveHistogram();
      sessions.forEach(RemoteStreamSession::cancel);
      sessions.clear();
      TimeUnit.SECONDS.sleep(2); // The server closes each session when its cancel arrives.
      long closed = heap.usedAfterGc();
      long rssClosed = heap.rssBytes();
      if (histogram != null) {
        Files.writeString(histogram, histogramOpen);
        System.out.print(HistogramDiff.perItem(histogramOpen, heap.liveHistogram(), count, 15));
      }
      System.out.printf("%d streams: used heap after GC before %d B, open %d B, closed %d B;"
          + " RSS before %d KiB, open %d KiB, closed %d KiB; (open - closed) / K %.1f KiB,"
          + " (open - before) / K %.1f KiB%n", count, before, withOpen, closed,
          rssBefore / 1024, rssOpen / 1024, rssClosed / 1024,
          (withOpen - closed) / 1024.0 / count, (withOpen - before) / 1024.0 / count);
      return (double) (withOpen - closed) / count;
    } finally {
      sessions.forEach(RemoteStreamSession::cancel);
    }
  }
}
