package io.remotemedia.server.config;

import io.remotemedia.server.transport.ChunkThread;

/**
 * The {@code streams} section: how long StreamPipeline sessions may stay silent and open, and
 * where their chunks are processed. Changes take effect on restart.
 *
 * @param idleTimeoutMs a session with no message from the client for this long is closed, ms
 * @param maxSessionMs the longest a session may stay open, ms
 * @param chunkThread where chunks are processed
 * @param resumeWindowMs how long a resumable session is kept after its connection breaks, ms;
 *     0 turns resuming off
 * @param resumeBufferBytes the most of unacknowledged results a resumable session may hold
 */
public record StreamsConfig(long idleTimeoutMs, long maxSessionMs, ChunkThread chunkThread,
    long resumeWindowMs, long resumeBufferBytes) {}
