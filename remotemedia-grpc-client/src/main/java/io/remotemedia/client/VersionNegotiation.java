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
 * Asks the server once, through GetVersion, which protocol versions it serves, and answers
 * per call whether it serves the version that call needs ({@link ProtocolFeature}). A server of
 * an older minor version (v1 only) still serves PCM calls; a call that needs v1.1 then fails at
 * once with PROTOCOL_MISMATCH naming the feature. The first caller starts GetVersion and every
 * concurrent caller shares its answer, which is remembered. A failed GetVersion (server
 * unreachable, bad token) is not remembered, so the next call asks again. Thread-safe.
 */
final class VersionNegotiation {
  private final Supplier<CompletableFuture<VersionResponse>> getVersion;
  private final AtomicReference<CompletableFuture<VersionResponse>> answer =
      new AtomicReference<>();

  VersionNegotiation(Supplier<CompletableFuture<VersionResponse>> getVersion) {
    this.getVersion = getVersion;
  }

  /**
   * Returns a future that completes once the server is known to serve {@code feature}, or
   * fails with PROTOCOL_MISMATCH when it does not.
   */
  CompletableFuture<Void> negotiated(ProtocolFeature feature) {
    return versions().thenApply(response -> {
      if (!serves(response, feature)) {
        throw mismatch(response, feature);
      }
      return null;
    });
  }

  /**
   * Returns a future of the newest protocol version both sides serve, for a session that
   * declares its version once and may use more features later (a stream that may send coded
   * chunks); it fails with PROTOCOL_MISMATCH when the server does not serve {@code feature}.
   */
  CompletableFuture<String> agreed(ProtocolFeature feature) {
    return negotiated(feature).thenCombine(versions(), (served, response) ->
        serves(response, ProtocolFeature.CODED_AUDIO)
            ? ProtocolFeature.CODED_AUDIO.version() : feature.version());
  }

  private CompletableFuture<VersionResponse> versions() {
    CompletableFuture<VersionResponse> current = answer.get();
    if (current != null) {
      return current;
    }
    CompletableFuture<VersionResponse> mine = new CompletableFuture<>();
    if (!answer.compareAndSet(null, mine)) {
      return answer.get();
    }
    CompletableFuture<VersionResponse> asked;
    try {
      asked = getVersion.get();
    } catch (IllegalStateException closed) {
      // The client was closed as this call started: callers that found this answer pending
      // must not wait for it forever, and the next call must ask (and be refused) itself.
      answer.compareAndSet(mine, null);
      mine.completeExceptionally(closed);
      throw closed;
    }
    asked.whenComplete((response, error) -> {
      if (error != null) {
        answer.compareAndSet(mine, null); // Transient: ask again next time.
        mine.completeExceptionally(UnaryCall.translate(error));
      } else {
        mine.complete(response);
      }
    });
    return mine;
  }

  private static boolean serves(VersionResponse response, ProtocolFeature feature) {
    // The verdict is for the newest version this SDK speaks, which serves every feature.
    if (response.getCompatibility() == Compatibility.COMPATIBILITY_COMPATIBLE) {
      return true;
    }
    return response.getSupportedProtocolVersionsList().contains(feature.version())
        || response.getProtocolVersion().equals(feature.version());
  }

  /**
   * {@return the PROTOCOL_MISMATCH error for a session of protocol {@code agreed} asked to use
   * {@code feature}, which needs a newer version}
   */
  static RemoteMediaException sessionTooOld(String agreed, ProtocolFeature feature) {
    return new RemoteMediaException(Status.Code.FAILED_PRECONDITION, PipelineException.builder(
        ErrorKind.PROTOCOL_MISMATCH, "this stream's server serves protocol " + agreed
            + " only, and " + feature.description() + " needs protocol " + feature.version()
            + "; upgrade the server, or send PCM chunks"));
  }

  static RemoteMediaException mismatch(VersionResponse response, ProtocolFeature feature) {
    String server = "the server (RemoteMedia " + orUnknown(response.getServerVersion())
        + ", protocol " + orUnknown(response.getProtocolVersion()) + ", serves "
        + response.getSupportedProtocolVersionsList() + ")";
    String message;
    if (response.getSupportedProtocolVersionsList().contains(ProtocolVersions.V1)) {
      message = server + " is older than this client (" + SdkVersion.userAgent() + ", protocol "
          + ProtocolVersions.CURRENT + "): " + feature.description() + " needs protocol "
          + feature.version() + "; upgrade the server, or send PCM audio (and streams that do"
          + " not resume)";
    } else {
      String reason = response.getCompatibilityReason().isEmpty()
          ? "" : ": " + response.getCompatibilityReason();
      message = server + " cannot serve this client (" + SdkVersion.userAgent() + ", protocol "
          + ProtocolVersions.CURRENT + ")" + reason
          + "; use a client and server that share a protocol version";
    }
    return new RemoteMediaException(Status.Code.FAILED_PRECONDITION,
        PipelineException.builder(ErrorKind.PROTOCOL_MISMATCH, message));
  }

  private static String orUnknown(String value) {
    return value.isEmpty() ? "unknown" : value;
  }
}
