package io.capstan.scheduler;

import io.capstan.scheduler.framework.ClusterWriter;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builders for unit tests and a recording fake of the scheduler's writes. */
public final class Fixtures {
  private Fixtures() {}

  public static Node node(String name, String cpu, String memory, Map<String, String> labels) {
    Map<String, Quantity> cap = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"));
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewSpec().endSpec()
        .withNewStatus().withAllocatable(cap).withCapacity(cap).endStatus().build();
  }

  public static PodBuilder pod(String name, String cpu) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox")
        .withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources().endContainer().endSpec();
  }

  public static NodeInfo info(Node node, Pod... pods) {
    NodeInfo n = NodeInfo.of(node);
    for (Pod p : pods) n.addPod(PodInfo.of(p, p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority()));
    return n;
  }

  /** Records every write; nothing reaches an apiserver. */
  public static final class FakeWriter implements ClusterWriter {
    public final List<String> writes = new CopyOnWriteArrayList<>();

    @Override
    public void bind(Pod pod, String nodeName) {
      writes.add("bind " + pod.getMetadata().getName() + " " + nodeName);
    }

    @Override
    public void markUnschedulable(Pod pod, String message, String nominatedNode) {
      writes.add("unschedulable " + pod.getMetadata().getName() + " " + message + (nominatedNode == null ? "" : " nominated=" + nominatedNode));
    }

    @Override
    public void deletePod(Pod victim) {
      writes.add("delete " + victim.getMetadata().getName());
    }

    @Override
    public void event(Pod pod, String component, String type, String reason, String action, String message) {
      writes.add("event " + reason + " " + pod.getMetadata().getName() + ": " + message);
    }
  }
}
