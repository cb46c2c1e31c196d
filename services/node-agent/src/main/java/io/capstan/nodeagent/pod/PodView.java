package io.capstan.nodeagent.pod;

import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.Sandbox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runtime holds for one pod: its sandbox and, per container name, the instances newest
 * first (the newest is the current one, the next the one {@code lastState} describes).
 *
 * @param waiting per container name, why it is not running (CrashLoopBackOff, ErrImageNeverPull, ...)
 * @param startFailures per container id, why it could not start
 * @param initDone every init container completed
 * @param failed the pod cannot run any more (an init container failed with restartPolicy Never)
 */
record PodView(Sandbox sandbox, Map<String, List<RuntimeContainer>> instances, Map<String, Waiting> waiting,
    Map<String, String> startFailures, boolean initDone, boolean failed) {

  record Waiting(String reason, String message) {}

  static Map<String, List<RuntimeContainer>> group(List<RuntimeContainer> containers) {
    Map<String, List<RuntimeContainer>> out = new HashMap<>();
    for (RuntimeContainer c : containers) out.computeIfAbsent(c.containerName(), k -> new ArrayList<>()).add(c);
    out.values().forEach(l -> l.sort(Comparator.comparingInt(RuntimeContainer::attempt).reversed()));
    return out;
  }

  RuntimeContainer latest(String name) {
    List<RuntimeContainer> l = instances.get(name);
    return l == null || l.isEmpty() ? null : l.get(0);
  }

  RuntimeContainer previous(String name) {
    List<RuntimeContainer> l = instances.get(name);
    return l == null || l.size() < 2 ? null : l.get(1);
  }

  /** Exited, or created but failed to start (Podman leaves those in "created"). */
  boolean finished(RuntimeContainer c) {
    return c.state() == RuntimeContainer.State.EXITED || startFailures.containsKey(c.id());
  }

  int exitCode(RuntimeContainer c) {
    return startFailures.containsKey(c.id()) ? 128 : c.exitCode();
  }
}
