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
 * @param inlineMaxNodeSamples ExecutePipeline requests whose audio is PCM and whose input
 *     samples (frames x channels, over every input) times the manifest's node count are at most
 *     this run on the transport thread that read them when an execution slot is free at once; 0
 *     runs every request on a worker. It applies to the server jar's own runner
 *     ({@link ConfiguredServer}: built-in node types, none of which blocks); a server built
 *     around another runner runs every request on a worker, since its node types might block
 */
public record ServerSettings(int maxInboundMessageBytes, long inlineMaxNodeSamples) {
  /**
   * The default of {@code server.inline_max_node_samples}: one second of mono 48 kHz audio
   * through one node, or half a second through two.
   */
  public static final long DEFAULT_INLINE_MAX_NODE_SAMPLES = 48_000;

  /**
   * Validates the settings.
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @param inlineMaxNodeSamples the most input samples times nodes run on the transport thread
   * @throws IllegalArgumentException if {@code maxInboundMessageBytes} is below {@value
   *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES} or {@code inlineMaxNodeSamples} is negative
   */
  public ServerSettings {
    if (maxInboundMessageBytes < ServerConfig.MIN_INBOUND_MESSAGE_BYTES) {
      throw new IllegalArgumentException("maxInboundMessageBytes must be >= "
          + ServerConfig.MIN_INBOUND_MESSAGE_BYTES + ", was " + maxInboundMessageBytes);
    }
    if (inlineMaxNodeSamples < 0) {
      throw new IllegalArgumentException("inlineMaxNodeSamples must be >= 0, was "
          + inlineMaxNodeSamples);
    }
  }

  /**
   * Settings with the default {@link #inlineMaxNodeSamples()}.
   *
   * @param maxInboundMessageBytes the largest request accepted, in bytes
   * @throws IllegalArgumentException if {@code maxInboundMessageBytes} is below {@value
   *     ServerConfig#MIN_INBOUND_MESSAGE_BYTES}
   */
  public ServerSettings(int maxInboundMessageBytes) {
    this(maxInboundMessageBytes, DEFAULT_INLINE_MAX_NODE_SAMPLES);
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
   * {@return the most samples coded audio (G.711, Opus) may decode to: in one ExecutePipeline
   * request, all its inputs together, and in one stream chunk} As many as the largest message
   * could carry as 32-bit PCM ({@code maxInboundMessageBytes / 4}), so that coded audio, which
   * Opus expands a thousand-fold and more, takes no more memory than PCM may.
   */
  public long maxDecodedSamples() {
    return maxInboundMessageBytes / Float.BYTES;
  }

  /**
   * Returns the settings the {@code server} section of a configuration gives.
   *
   * @param config the section, with derived values resolved (as {@code ConfigLoader} gives it)
   * @return the settings
   */
  public static ServerSettings of(ServerConfig config) {
    return new ServerSettings(config.maxInboundMessageBytes(), config.inlineMaxNodeSamples());
  }
}
