/**
 * Not public API: a manifest compiled into a validated graph (known node types with checked
 * parameters, existing connections, no cycles, and an execution order). Its size bounds are
 * the public {@link io.remotemedia.pipeline.GraphLimits}. May change in any release without
 * notice.
 */
package io.remotemedia.pipeline.internal.graph;
