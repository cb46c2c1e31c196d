package io.capstan.nodeagent.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kubernetes' QoS class of a pod (Guaranteed, Burstable, BestEffort) from cpu/memory requests and limits. */
public final class QosClasses {
  private QosClasses() {}

  public static String of(Pod pod) {
    List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
    if (pod.getSpec().getInitContainers() != null) all.addAll(pod.getSpec().getInitContainers());
    boolean any = false;
    boolean guaranteed = true;
    for (Container c : all) {
      Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
      Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
      for (String r : List.of("cpu", "memory")) {
        Quantity q = req == null ? null : req.get(r);
        Quantity l = lim == null ? null : lim.get(r);
        if (q != null || l != null) any = true;
        if (l == null) guaranteed = false;
        else if (q != null && q.getNumericalAmount().compareTo(l.getNumericalAmount()) != 0) guaranteed = false;
      }
    }
    if (!any) return "BestEffort";
    return guaranteed ? "Guaranteed" : "Burstable";
  }
}
