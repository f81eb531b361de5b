/**
 * The embedded API: {@link io.remotemedia.pipeline.PipelineRunner} runs a manifest over audio,
 * here in the JVM ({@link io.remotemedia.pipeline.LocalPipelineRunner}) or on a server (the
 * client SDK implements the same interface). Failures are
 * {@link io.remotemedia.pipeline.PipelineException}s.
 */
package io.remotemedia.pipeline;
