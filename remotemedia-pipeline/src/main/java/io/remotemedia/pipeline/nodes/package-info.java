/**
 * The node registry and its service-provider interface. Each node type has a {@link
 * io.remotemedia.pipeline.nodes.NodeFactory} that declares its parameters and builds the node
 * from typed values. Applications add node types by listing their factories in
 * {@code META-INF/services/io.remotemedia.pipeline.nodes.NodeFactory}.
 */
package io.remotemedia.pipeline.nodes;
