package io.remotemedia.proto.internal.wire;

import java.util.List;

/** The protocol versions this release speaks. */
public final class ProtocolVersions {
  /**
   * The current protocol version: v1.1 adds coded audio (G.711, Opus) beside PCM, which a v1
   * server would misread as PCM, so a v1.1 client must not be served by it, and resumable
   * streams (compatible additions to StreamPipeline's messages).
   */
  public static final String CURRENT = "v1.1";
  /** The first protocol version: PCM audio only. Served unchanged. */
  public static final String V1 = "v1";
  /** Every protocol version this release can serve, newest first. */
  public static final List<String> SUPPORTED = List.of(CURRENT, V1);

  private ProtocolVersions() {}

  /**
   * {@return the version a peer meant: an empty string means {@value #V1}}
   *
   * @param clientVersion the version the peer sent; null or empty when it sent none
   */
  public static String normalize(String clientVersion) {
    return clientVersion == null || clientVersion.isEmpty() ? V1 : clientVersion;
  }

  /**
   * {@return true when {@code clientVersion} (normalized) is served}
   *
   * @param clientVersion the version the peer sent; null or empty when it sent none
   */
  public static boolean isSupported(String clientVersion) {
    return SUPPORTED.contains(normalize(clientVersion));
  }
}
