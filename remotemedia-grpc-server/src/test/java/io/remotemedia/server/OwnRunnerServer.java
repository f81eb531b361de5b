package io.remotemedia.server;

import io.grpc.ServerBuilder;
import io.remotemedia.pipeline.LocalPipelineRunner;

/**
 * Builds a {@link RemoteMediaServer} around the server jar's own kind of runner
 * ({@link ReloadableRunner}), as {@link ConfiguredServer} does, so that tests in other packages
 * get its behaviour: small requests run on the transport thread
 * ({@link ServerSettings#inlineMaxNodeSamples()}).
 */
public final class OwnRunnerServer {
  private OwnRunnerServer() {}

  /**
   * {@return a server, not yet started, around {@code runner} as the server jar's own runner}
   *
   * @param builder the transport, already bound to its address
   * @param runner the runner to wrap
   * @param settings the request size limit and the inline bound
   * @param observability metrics, access log, authentication
   */
  public static RemoteMediaServer around(ServerBuilder<?> builder, LocalPipelineRunner runner,
      ServerSettings settings, Observability observability) {
    return new RemoteMediaServer(builder, new ReloadableRunner(runner), settings, observability);
  }
}
