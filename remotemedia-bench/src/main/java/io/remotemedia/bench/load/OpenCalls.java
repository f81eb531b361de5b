package io.remotemedia.bench.load;

import io.grpc.ManagedChannel;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.LocalPipelineRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The unary calls of one {@link Via}, one per connection, and what they hold open (the echo
 * channels or the SDK clients) until {@link #close}. Not thread-safe to open or close; the calls
 * themselves may run on several threads.
 */
final class OpenCalls implements AutoCloseable {
  private final List<UnaryCall> calls;
  private final List<ManagedChannel> channels;
  private final List<RemoteMediaClient> clients;

  private OpenCalls(List<UnaryCall> calls, List<ManagedChannel> channels,
      List<RemoteMediaClient> clients) {
    this.calls = List.copyOf(calls);
    this.channels = channels;
    this.clients = clients;
  }

  /** Opens the connections of {@code options.via()} and the calls that send {@code workload}. */
  static OpenCalls open(LoadOptions options, Workload workload) throws IOException {
    List<UnaryCall> calls = new ArrayList<>();
    switch (options.via()) {
      case LOCAL -> {
        calls.add(UnaryCalls.local(LocalPipelineRunner.create(), workload.request()));
        return new OpenCalls(calls, List.of(), List.of());
      }
      case ECHO, BARE -> {
        List<ManagedChannel> channels = LoadGenerator.echoChannels(options);
        for (ManagedChannel channel : channels) {
          calls.add(UnaryCalls.echo(channel, workload.requestWireBytes(),
              workload.responseWireBytes()));
        }
        return new OpenCalls(calls, channels, List.of());
      }
      case REMOTE -> {
        List<RemoteMediaClient> clients = LoadGenerator.clients(options);
        for (RemoteMediaClient client : clients) {
          calls.add(UnaryCalls.remote(client, workload.request()));
        }
        return new OpenCalls(calls, List.of(), clients);
      }
      default -> throw new AssertionError(options.via());
    }
  }

  /** {@return one call per connection} */
  List<UnaryCall> calls() {
    return calls;
  }

  /**
   * Closes the connections, waiting up to 5 s for each channel.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    clients.forEach(RemoteMediaClient::close);
  }
}
