package io.remotemedia.server.config;

/**
 * The {@code streams} section: how long StreamPipeline sessions may stay silent and open.
 * Changes take effect on restart.
 *
 * @param idleTimeoutMs a session with no message from the client for this long is closed, ms
 * @param maxSessionMs the longest a session may stay open, ms
 */
public record StreamsConfig(long idleTimeoutMs, long maxSessionMs) {}
