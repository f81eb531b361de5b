package io.remotemedia.client;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.VersionResponse;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Asks the server once, through GetVersion, whether it serves this client's protocol version.
 * The first caller starts the call and every concurrent caller shares its outcome. A server
 * that answers INCOMPATIBLE is remembered: every later call fails at once with the same
 * PROTOCOL_MISMATCH error. A failed GetVersion (server unreachable, bad token) is not
 * remembered, so the next call asks again. Thread-safe.
 */
final class VersionNegotiation {
  private final Supplier<CompletableFuture<VersionResponse>> getVersion;
  private final AtomicReference<CompletableFuture<Void>> outcome = new AtomicReference<>();

  VersionNegotiation(Supplier<CompletableFuture<VersionResponse>> getVersion) {
    this.getVersion = getVersion;
  }

  /** Returns a future that completes once the server is known to serve this client. */
  CompletableFuture<Void> negotiated() {
    CompletableFuture<Void> current = outcome.get();
    if (current != null) {
      return current;
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    if (!outcome.compareAndSet(null, mine)) {
      return outcome.get();
    }
    getVersion.get().whenComplete((response, error) -> {
      if (error != null) {
        outcome.compareAndSet(mine, null); // Transient: ask again next time.
        mine.completeExceptionally(UnaryCall.translate(error));
      } else if (serves(response)) {
        mine.complete(null);
      } else {
        mine.completeExceptionally(mismatch(response));
      }
    });
    return mine;
  }

  private static boolean serves(VersionResponse response) {
    if (response.getCompatibility() == Compatibility.COMPATIBILITY_UNSPECIFIED) {
      // A server that gives no verdict: judge by the versions it lists.
      return response.getSupportedProtocolVersionsList().contains(ProtocolVersions.CURRENT)
          || response.getProtocolVersion().equals(ProtocolVersions.CURRENT);
    }
    return response.getCompatibility() == Compatibility.COMPATIBILITY_COMPATIBLE;
  }

  static RemoteMediaException mismatch(VersionResponse response) {
    String reason = response.getCompatibilityReason().isEmpty()
        ? "" : ": " + response.getCompatibilityReason();
    String message = "the server (RemoteMedia " + orUnknown(response.getServerVersion())
        + ", protocol " + orUnknown(response.getProtocolVersion()) + ", serves "
        + response.getSupportedProtocolVersionsList() + ") cannot serve this client ("
        + SdkVersion.userAgent() + ", protocol " + ProtocolVersions.CURRENT + ")" + reason
        + "; use a client and server that share a protocol version";
    return new RemoteMediaException(Status.Code.FAILED_PRECONDITION,
        PipelineException.builder(ErrorKind.PROTOCOL_MISMATCH, message));
  }

  private static String orUnknown(String value) {
    return value.isEmpty() ? "unknown" : value;
  }
}
