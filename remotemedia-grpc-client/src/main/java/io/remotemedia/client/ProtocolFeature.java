package io.remotemedia.client;

import io.remotemedia.proto.internal.wire.ProtocolVersions;

/**
 * What a call uses of the protocol, and so the oldest protocol version that can serve it. Every
 * message says the version its call needs, not the newest the SDK speaks, so that a server of an
 * older minor version serves the calls it can (docs/protocol.md, "Evolution rules").
 */
enum ProtocolFeature {
  /** PCM audio, unary calls, plain streams, Explain: protocol v1. */
  PCM(ProtocolVersions.V1, "PCM audio"),
  /** G.711 or Opus input or output: protocol v1.1. */
  CODED_AUDIO(ProtocolVersions.CURRENT, "coded audio (G.711, Opus)"),
  /** A stream that survives a dropped connection: protocol v1.1. */
  RESUMABLE_STREAMS(ProtocolVersions.CURRENT, "resumable streams");

  private final String version;
  private final String description;

  ProtocolFeature(String version, String description) {
    this.version = version;
    this.description = description;
  }

  /** {@return the protocol version a message using this feature declares} */
  String version() {
    return version;
  }

  /** {@return what the feature is, for error messages} */
  String description() {
    return description;
  }
}
