/**
 * A manifest compiled into a validated graph: known node types with checked parameters,
 * existing connections, no cycles, and an execution order.
 */
package io.remotemedia.pipeline.internal.graph;
