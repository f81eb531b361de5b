package io.remotemedia.client;

import io.remotemedia.pipeline.NodeTypeDescription;
import java.util.List;

/**
 * What a server reported through GetVersion.
 *
 * @param protocolVersion the newest protocol version the server speaks
 * @param serverVersion the server's release version
 * @param supportedProtocolVersions every protocol version it serves
 * @param nodeTypes the node types it runs
 * @param compatible whether it serves this client's protocol version
 * @param compatibilityReason why not, when not compatible; empty otherwise
 */
public record ServerInfo(
    String protocolVersion,
    String serverVersion,
    List<String> supportedProtocolVersions,
    List<NodeTypeDescription> nodeTypes,
    boolean compatible,
    String compatibilityReason) {

  /**
   * Copies the lists, so the answer stays immutable.
   *
   * @param protocolVersion the newest protocol version the server speaks
   * @param serverVersion the server's release version
   * @param supportedProtocolVersions every protocol version it serves
   * @param nodeTypes the node types it runs
   * @param compatible whether it serves this client's protocol version
   * @param compatibilityReason why not, when not compatible; empty otherwise
   */
  public ServerInfo {
    supportedProtocolVersions = List.copyOf(supportedProtocolVersions);
    nodeTypes = List.copyOf(nodeTypes);
  }
}
