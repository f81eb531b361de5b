package io.remotemedia.client;

import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.VersionResponse;

/** GetVersion's answer of a fake server of protocol v1.1, which serves resumable streams. */
final class ResumableServerVersion {
  private ResumableServerVersion() {}

  /** Answers a GetVersion call on {@code response}: v1.1, compatible. */
  static void answer(StreamObserver<VersionResponse> response) {
    response.onNext(VersionResponse.newBuilder().setProtocolVersion("v1.1")
        .setServerVersion("9.0.0").addSupportedProtocolVersions("v1.1")
        .setCompatibility(Compatibility.COMPATIBILITY_COMPATIBLE).build());
    response.onCompleted();
  }
}
