package io.remotemedia.proto.internal.wire;

import java.util.List;

/** The protocol versions this release speaks. */
public final class ProtocolVersions {
  /** The current protocol version. */
  public static final String CURRENT = "v1";
  /** Every protocol version this release can serve, newest first. */
  public static final List<String> SUPPORTED = List.of(CURRENT);

  private ProtocolVersions() {}

  /**
   * {@return the version a peer meant: an empty string means {@value #CURRENT}}
   *
   * @param clientVersion the version the peer sent; null or empty when it sent none
   */
  public static String normalize(String clientVersion) {
    return clientVersion == null || clientVersion.isEmpty() ? CURRENT : clientVersion;
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
