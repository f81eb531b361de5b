package io.remotemedia.pipeline.wire;

import java.util.List;

/** The protocol versions this release speaks. */
public final class ProtocolVersions {
  /** The first protocol version. */
  public static final String V1 = "v1";
  /**
   * The current protocol version: v1 plus resumable streams (compatible additions to
   * StreamPipeline's messages).
   */
  public static final String CURRENT = "v1.1";
  /** Every protocol version this release can serve, newest first. */
  public static final List<String> SUPPORTED = List.of(CURRENT, V1);

  private ProtocolVersions() {}

  /** Returns the version a peer meant: an empty string means {@value #V1}. */
  public static String normalize(String clientVersion) {
    return clientVersion == null || clientVersion.isEmpty() ? V1 : clientVersion;
  }

  /** Returns true when {@code clientVersion} (normalized) is served. */
  public static boolean isSupported(String clientVersion) {
    return SUPPORTED.contains(normalize(clientVersion));
  }
}
