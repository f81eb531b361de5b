package io.remotemedia.server.config;

import io.remotemedia.server.transport.ChunkThread;

/**
 * The {@code streams} section: how long StreamPipeline sessions may stay silent and open, and
 * where their chunks are processed. Changes take effect on restart.
 *
 * @param idleTimeoutMs a session with no message from the client for this long is closed, ms
 * @param maxSessionMs the longest a session may stay open, ms
 * @param chunkThread where chunks are processed
 */
public record StreamsConfig(long idleTimeoutMs, long maxSessionMs, ChunkThread chunkThread) {}
