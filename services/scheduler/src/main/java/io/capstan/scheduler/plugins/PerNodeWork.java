package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.FrameworkHandle;
import io.capstan.scheduler.framework.NodeInfo;
import io.capstan.scheduler.framework.Parallelizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a PreFilter/PreScore plugin's per-node work on the scheduler's workers, as Kubernetes'
 * plugins do with {@code parallelizer.Until} over the snapshot's nodes. Each worker writes only
 * its own nodes' slots, so the work needs no locking as long as it only reads shared state; the
 * caller then folds the results in node order on its own thread.
 */
final class PerNodeWork {
  private PerNodeWork() {}

  /**
   * @param handle null (plugins built without a framework, as in unit tests) runs on the caller's thread
   * @return {@code work}'s result for each node, in the order of {@code nodes}; null entries stay null
   */
  static <T> List<T> map(FrameworkHandle handle, List<NodeInfo> nodes, Function<NodeInfo, T> work) {
    Object[] out = new Object[nodes.size()];
    Parallelizer parallel = handle == null ? null : handle.parallelizer();
    if (parallel == null) {
      for (int i = 0; i < out.length; i++) out[i] = work.apply(nodes.get(i));
    } else {
      parallel.until(out.length, i -> out[i] = work.apply(nodes.get(i)));
    }
    List<T> results = new ArrayList<>(out.length);
    for (Object o : out) {
      @SuppressWarnings("unchecked")
      T t = (T) o;
      results.add(t);
    }
    return results;
  }
}
