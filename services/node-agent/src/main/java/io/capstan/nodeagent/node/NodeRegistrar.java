package io.capstan.nodeagent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own objects: registers the Node (capacity, allocatable, addresses, nodeInfo,
 * labels), reports its conditions through {@code nodes/status}, and renews its Lease in
 * {@code kube-node-lease} (the heartbeat the node lifecycle controller reads).
 */
public final class NodeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(NodeRegistrar.class);
  public static final String LEASE_NAMESPACE = "kube-node-lease";

  private final KubernetesClient client;
  private final String nodeName;
  private final HostInfo host;
  private final String runtimeVersion;
  private final Clock clock;
  private final Map<String, Quantity> capacity;
  private volatile int kubeletPort = 10250;

  public NodeRegistrar(KubernetesClient client, String nodeName, HostInfo host, String runtimeVersion, Clock clock,
      int maxPods) {
    this.client = client;
    this.nodeName = nodeName;
    this.host = host;
    this.runtimeVersion = runtimeVersion;
    this.clock = clock;
    this.capacity = host.capacity(maxPods);
  }

  /** The node API's port as published in {@code daemonEndpoints} (set before {@link #register}). */
  public void kubeletPort(int port) {
    this.kubeletPort = port;
  }

  public Map<String, Quantity> allocatable() {
    return capacity;
  }

  /** Creates the Node if it is missing, then writes its status. Safe to call repeatedly. */
  public void register() {
    Node existing = client.nodes().withName(nodeName).get();
    if (existing == null) {
      Node node = new NodeBuilder().withNewMetadata().withName(nodeName)
          .withLabels(Map.of("kubernetes.io/hostname", nodeName, "kubernetes.io/os", "linux",
              "kubernetes.io/arch", host.architecture(), "beta.kubernetes.io/os", "linux",
              "beta.kubernetes.io/arch", host.architecture()))
          .endMetadata().build();
      try {
        client.nodes().resource(node).create();
        log.info("registered node {}", nodeName);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) throw e;
      }
    }
    updateStatus();
  }

  /** Writes capacity, conditions (heartbeat times now), addresses and nodeInfo. */
  public void updateStatus() {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    NodeStatus status = new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withAddresses(new NodeAddress(host.internalIp(), "InternalIP"), new NodeAddress(nodeName, "Hostname"))
        .withConditions(
            condition("Ready", "True", "KubeletReady", "capstan node agent is posting ready status", now),
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "node has sufficient memory available", now),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "node has no disk pressure", now),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", "node has sufficient PID available", now))
        .withNewNodeInfo()
            .withArchitecture(host.architecture()).withOperatingSystem("linux").withKernelVersion(host.kernelVersion())
            .withOsImage(host.osImage()).withMachineID(host.machineId()).withSystemUUID(host.machineId())
            .withBootID(host.bootId()).withContainerRuntimeVersion(runtimeVersion)
            .withKubeletVersion("v1.32.0-capstan").withKubeProxyVersion("")
        .endNodeInfo()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint().endDaemonEndpoints()
        .build();
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) throw new IllegalStateException("node " + nodeName + " vanished");
    node.setStatus(status);
    client.nodes().resource(node).updateStatus();
  }

  private static NodeCondition condition(String type, String status, String reason, String message, String now) {
    NodeCondition c = new NodeCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastHeartbeatTime(now);
    c.setLastTransitionTime(now);
    return c;
  }

  /** Creates or renews the node's Lease (holder = node, 40 s duration, renewTime now). */
  public void renewLease() {
    ZonedDateTime renew = ZonedDateTime.ofInstant(Instant.now(clock).truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    var leases = client.leases().inNamespace(LEASE_NAMESPACE);
    Lease lease = leases.withName(nodeName).get();
    if (lease == null) {
      Lease fresh = new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace(LEASE_NAMESPACE)
          .withOwnerReferences(List.of()).endMetadata()
          .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(40).withRenewTime(renew)
          .endSpec().build();
      leases.resource(fresh).create();
      return;
    }
    lease.getSpec().setHolderIdentity(nodeName);
    lease.getSpec().setLeaseDurationSeconds(40);
    lease.getSpec().setRenewTime(renew);
    leases.resource(lease).update();
  }
}
