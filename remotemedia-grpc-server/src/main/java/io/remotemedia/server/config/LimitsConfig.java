package io.remotemedia.server.config;

import io.remotemedia.pipeline.ExecutionLimits;

/**
 * The {@code limits} section, reloadable: the limits a request gets when it sets none
 * ({@code defaults}), and the most it may ask for ({@code maximums}). Passed to
 * {@code LocalPipelineRunner.create(registry, defaults, maximums)}.
 *
 * @param defaults limits of a request that sets none
 * @param maximums caps on what a request may ask for
 * @param filterCacheBytes the most bytes of resampler filter designs kept for reuse (the
 *     process-wide {@code DesignCache})
 * @param totalMemoryBytes the most bytes of pipeline buffers all calls hold at once ({@code
 *     LocalPipelineRunner.Builder.totalMemoryBytes}); read at startup only. 0 in the file means
 *     half the JVM's maximum heap, which the loader puts here
 */
public record LimitsConfig(ExecutionLimits defaults, ExecutionLimits maximums,
    long filterCacheBytes, long totalMemoryBytes) {}
