package io.capstan.nodeagent.pod;

import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.Sandbox;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kubelet's pod lifecycle event generator: one listing of the node's sandboxes and containers
 * per period (two runtime calls however many pods run), compared with the previous listing, so
 * that only the pods whose sandbox or containers changed — a container exited, was created or
 * removed, a sandbox lost its infra — are synced at once. Without it every pod had to be synced
 * every few seconds just to notice an exit, several runtime calls each.
 */
public final class RuntimeRelist {
  private final ContainerRuntime runtime;
  private Map<String, Set<String>> last = Map.of();

  public RuntimeRelist(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  /** Lists the runtime; returns the pod UIDs whose runtime state differs from the previous call's (all, the first time). */
  public synchronized Set<String> changed() {
    Map<String, Set<String>> now = new HashMap<>();
    for (Sandbox sb : runtime.listSandboxes()) {
      if (sb.podUid() != null) now.computeIfAbsent(sb.podUid(), u -> new TreeSet<>()).add("sandbox " + sb.id() + " " + sb.ready());
    }
    for (RuntimeContainer c : runtime.listContainers(null)) {
      if (c.podUid() != null) now.computeIfAbsent(c.podUid(), u -> new TreeSet<>()).add("container " + c.id() + " " + c.state());
    }
    Set<String> changed = new HashSet<>();
    now.forEach((uid, state) -> {
      if (!state.equals(last.get(uid))) changed.add(uid);
    });
    for (String uid : last.keySet()) if (!now.containsKey(uid)) changed.add(uid);
    last = now;
    return changed;
  }
}
