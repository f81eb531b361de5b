package io.remotemedia.client;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** A service on an in-process server and a channel to it, both on the calling threads. */
final class InProcessService implements AutoCloseable {
  private final Server server;
  private final ManagedChannel channel;

  private InProcessService(Server server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  static InProcessService serve(BindableService service) throws IOException {
    String name = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(name).directExecutor().addService(service)
        .build().start();
    return new InProcessService(server,
        InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
