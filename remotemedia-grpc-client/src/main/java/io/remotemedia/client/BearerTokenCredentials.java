package io.remotemedia.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Sends {@code authorization: Bearer <token>} with every call. Thread-safe. */
final class BearerTokenCredentials extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String token;

  BearerTokenCredentials(String token) {
    if (token.isBlank() || !token.strip().equals(token)
        || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "token must be non-empty printable ASCII without spaces");
    }
    this.token = token;
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor,
      MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }

  @Override
  public String toString() {
    return "BearerTokenCredentials[token=<redacted>]"; // Never the token itself.
  }
}
