/** Runs a compiled {@link io.remotemedia.pipeline.internal.graph.PipelineGraph} over audio. */
package io.remotemedia.pipeline.internal.execution;
