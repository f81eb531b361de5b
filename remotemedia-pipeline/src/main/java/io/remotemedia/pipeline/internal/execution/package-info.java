/**
 * Not public API: runs a compiled {@link io.remotemedia.pipeline.internal.graph.PipelineGraph}
 * over audio, as one run or as a stream. Users reach it through {@link
 * io.remotemedia.pipeline.LocalPipelineRunner}. May change in any release without notice.
 */
package io.remotemedia.pipeline.internal.execution;
