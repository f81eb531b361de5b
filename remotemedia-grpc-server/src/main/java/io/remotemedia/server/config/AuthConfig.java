package io.remotemedia.server.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code auth} section: bearer tokens, stored as SHA-256 hashes in a tokens file.
 *
 * @param enabled whether calls must carry a valid token
 * @param enabledExplicitly whether {@code enabled} was set by the operator rather than defaulted;
 *     binding a non-loopback address without auth needs an explicit {@code enabled: false}
 * @param tokensFile the file of {@code name:sha256hex} lines; reloaded on change and on SIGHUP
 * @param tokensFileCheckMs how often the tokens file is checked for changes, in ms; 0 never
 * @param exemptMethods full gRPC method names that need no token, such as
 *     {@code grpc.health.v1.Health/Check}
 * @param maxFailuresPerPeer refused calls from one client address within {@code
 *     failureWindowMs} after which that address is blocked; 0 never blocks
 * @param failureWindowMs the window the failures are counted in, in ms
 * @param failureBlockMs how long a blocked address has all its calls refused, in ms
 */
public record AuthConfig(
    boolean enabled,
    boolean enabledExplicitly,
    Optional<Path> tokensFile,
    long tokensFileCheckMs,
    Set<String> exemptMethods,
    int maxFailuresPerPeer,
    long failureWindowMs,
    long failureBlockMs) {
  /**
   * Copies {@code exemptMethods}, so the configuration stays immutable.
   *
   * @param enabled whether calls must carry a valid token
   * @param enabledExplicitly whether {@code enabled} was set by the operator rather than defaulted;
   *     binding a non-loopback address without auth needs an explicit {@code enabled: false}
   * @param tokensFile the file of {@code name:sha256hex} lines; reloaded on change and on SIGHUP
   * @param tokensFileCheckMs how often the tokens file is checked for changes, in ms; 0 never
   * @param exemptMethods full gRPC method names that need no token, such as {@code
   *     grpc.health.v1.Health/Check}
   * @param maxFailuresPerPeer refused calls from one client address within {@code failureWindowMs}
   *     after which that address is blocked; 0 never blocks
   * @param failureWindowMs the window the failures are counted in, in ms
   * @param failureBlockMs how long a blocked address has all its calls refused, in ms
   */
  public AuthConfig {
    exemptMethods = Set.copyOf(exemptMethods);
  }
}
