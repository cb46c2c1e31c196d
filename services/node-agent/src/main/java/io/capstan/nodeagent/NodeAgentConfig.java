package io.capstan.nodeagent;

import io.capstan.nodeagent.logs.ContainerLogManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One node agent's settings.
 *
 * @param nodeName the Node object's name (the host name by default)
 * @param stateDir pod volumes live under {@code stateDir/pods/<uid>}
 * @param resyncEvery how often every pod is synced without an event (a changed container is noticed
 *     sooner: the runtime is listed every second, see {@link io.capstan.nodeagent.pod.RuntimeRelist})
 * @param workers pod sync workers
 * @param backOffInitial crash back-off start (10 s), doubling up to {@code backOffMax} (5 min)
 * @param apiPort the node API's port (10250 as the kubelet's; 0 picks a free one), published in
 *     the Node's {@code status.daemonEndpoints.kubeletEndpoint.port}
 * @param clusterDns the cluster DNS server(s) ClusterFirst pods get as nameserver (the kubelet's
 *     {@code --cluster-dns}); empty: pods get the host's resolv.conf
 * @param clusterDomain the cluster's DNS domain (the kubelet's {@code --cluster-domain})
 * @param containerLogs when container log files are rotated and how many are kept (the kubelet's
 *     {@code containerLogMaxSize} and {@code containerLogMaxFiles})
 */
public record NodeAgentConfig(String nodeName, Path stateDir, Duration resyncEvery, int workers, int maxPods,
    Duration leaseRenewEvery, Duration nodeStatusEvery, Duration backOffInitial, Duration backOffMax, int apiPort,
    List<String> clusterDns, String clusterDomain, ContainerLogManager.Policy containerLogs) {

  public static NodeAgentConfig defaults(String nodeName, Path stateDir) {
    return new NodeAgentConfig(nodeName, stateDir, Duration.ofSeconds(30), 4, 110, Duration.ofSeconds(10),
        Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(5), 10250, List.of(), "cluster.local",
        ContainerLogManager.Policy.DEFAULT);
  }

  public NodeAgentConfig withApiPort(int port) {
    return new NodeAgentConfig(nodeName, stateDir, resyncEvery, workers, maxPods, leaseRenewEvery, nodeStatusEvery,
        backOffInitial, backOffMax, port, clusterDns, clusterDomain, containerLogs);
  }

  public NodeAgentConfig withClusterDns(List<String> servers, String domain) {
    return new NodeAgentConfig(nodeName, stateDir, resyncEvery, workers, maxPods, leaseRenewEvery, nodeStatusEvery,
        backOffInitial, backOffMax, apiPort, List.copyOf(servers), domain, containerLogs);
  }

  public NodeAgentConfig withContainerLogs(ContainerLogManager.Policy policy) {
    return new NodeAgentConfig(nodeName, stateDir, resyncEvery, workers, maxPods, leaseRenewEvery, nodeStatusEvery,
        backOffInitial, backOffMax, apiPort, clusterDns, clusterDomain, policy);
  }
}
