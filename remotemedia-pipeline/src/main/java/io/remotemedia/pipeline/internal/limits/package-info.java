/**
 * Not public API: admission control (how many executions run at once, and how many may wait)
 * behind {@link io.remotemedia.pipeline.LocalPipelineRunner}. May change in any release
 * without notice.
 */
package io.remotemedia.pipeline.internal.limits;
