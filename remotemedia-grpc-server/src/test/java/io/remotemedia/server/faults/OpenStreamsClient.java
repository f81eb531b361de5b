package io.remotemedia.server.faults;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * A client process for {@link ClientKilledWithOpenStreamsIT}: opens {@code count} streams on
 * {@code 127.0.0.1:port} over 4 channels, sends one chunk on each, prints {@code OPEN count}
 * and then waits to be killed.
 *
 * <p>Usage: {@code OpenStreamsClient PORT COUNT}.
 */
public final class OpenStreamsClient {
  private static final int CHANNELS = 4;

  private OpenStreamsClient() {}

  /** Opens the streams, reports, and sleeps until killed. */
  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    PipelineManifest gain = new ManifestParser().parse("""
        {"version": "v1",
         "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}]}
        """);
    OpenStreamRequest request = OpenStreamRequest.of(gain, AudioFormat.f32(16_000, 1));
    List<RemoteMediaClient> clients = new ArrayList<>();
    for (int i = 0; i < CHANNELS; i++) {
      clients.add(RemoteMediaClient.builder().target("127.0.0.1:" + port).build());
    }
    List<RemoteStreamSession> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RemoteStreamSession session = clients.get(i % CHANNELS).openSession(request);
      session.send(new float[160]);
      sessions.add(session);
    }
    System.out.println("OPEN " + sessions.size());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
