package io.remotemedia.server;

import io.remotemedia.server.config.ServerConfig;

/**
 * What {@link RemoteMediaServer} applies to its transport itself. Immutable.
 *
 * <p>Everything else that shapes a server has one home elsewhere: the address is the {@code
 * ServerBuilder}'s; capacity (executions at once, callers waiting, open streams) is the
 * runner's admission ({@code LocalPipelineRunner.Builder}); stream timeouts are {@code
 * StreamSettings}; the drain is {@code DrainSettings}. {@link ConfiguredServer} derives all of
 * them from the configuration, whose {@link ServerConfig} owns the {@code server.*} settings.
 *
 * @param maxInboundMessageBytes the largest request accepted, in bytes; at least {@value
 *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES}
 */
public record ServerSettings(int maxInboundMessageBytes) {
  /**
   * Validates the settings.
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @throws IllegalArgumentException if {@code maxInboundMessageBytes} is below {@value
   *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES}
   */
  public ServerSettings {
    if (maxInboundMessageBytes < ServerConfig.MIN_INBOUND_MESSAGE_BYTES) {
      throw new IllegalArgumentException("maxInboundMessageBytes must be >= "
          + ServerConfig.MIN_INBOUND_MESSAGE_BYTES + ", was " + maxInboundMessageBytes);
    }
  }

  /**
   * Returns the settings of a server whose runner accepts up to {@code maxInputSamples} input
   * samples: requests as large as {@link ServerConfig#messageBytesFor} allows them.
   *
   * @param maxInputSamples the runner's maximum of input samples per request
   * @return the settings
   */
  public static ServerSettings defaults(long maxInputSamples) {
    return new ServerSettings(ServerConfig.messageBytesFor(maxInputSamples));
  }

  /**
   * Returns the settings the {@code server} section of a configuration gives.
   *
   * @param config the section, with derived values resolved (as {@code ConfigLoader} gives it)
   * @return the settings
   */
  public static ServerSettings of(ServerConfig config) {
    return new ServerSettings(config.maxInboundMessageBytes());
  }
}
