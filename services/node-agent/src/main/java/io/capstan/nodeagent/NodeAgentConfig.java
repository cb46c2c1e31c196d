package io.capstan.nodeagent;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One node agent's settings.
 *
 * @param nodeName the Node object's name (the host name by default)
 * @param stateDir pod volumes live under {@code stateDir/pods/<uid>}
 * @param relistEvery how often every pod is compared with the runtime without events
 * @param workers pod sync workers
 * @param backOffInitial crash back-off start (10 s), doubling up to {@code backOffMax} (5 min)
 * @param apiPort the node API's port (10250 as the kubelet's; 0 picks a free one), published in
 *     the Node's {@code status.daemonEndpoints.kubeletEndpoint.port}
 */
public record NodeAgentConfig(String nodeName, Path stateDir, Duration relistEvery, int workers, int maxPods,
    Duration leaseRenewEvery, Duration nodeStatusEvery, Duration backOffInitial, Duration backOffMax, int apiPort) {

  public static NodeAgentConfig defaults(String nodeName, Path stateDir) {
    return new NodeAgentConfig(nodeName, stateDir, Duration.ofSeconds(5), 4, 110, Duration.ofSeconds(10),
        Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(5), 10250);
  }

  public NodeAgentConfig withApiPort(int port) {
    return new NodeAgentConfig(nodeName, stateDir, relistEvery, workers, maxPods, leaseRenewEvery, nodeStatusEvery,
        backOffInitial, backOffMax, port);
  }
}
