/**
 * Typed node results: what a node reports besides its audio, per node id, in {@link
 * io.remotemedia.pipeline.ExecutionResult#dataOutputs()} (after a run) and {@link
 * io.remotemedia.pipeline.StreamResult#dataOutputs()} (during a stream). A local run and a
 * remote call through the client SDK give equal reports; JSON exists only on the wire.
 */
package io.remotemedia.pipeline.report;
