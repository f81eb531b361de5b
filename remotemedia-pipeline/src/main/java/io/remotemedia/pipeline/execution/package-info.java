/** Runs a compiled {@link io.remotemedia.pipeline.graph.PipelineGraph} over audio. */
package io.remotemedia.pipeline.execution;
