package io.capstan.controllermanager;

import io.capstan.controllermanager.nodelifecycle.NodeLifecycleSettings;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the controller manager runs: which controllers ({@code "*"} for all), workers per
 * controller, the namespace scope (all in production), the PEM published as
 * {@code kube-root-ca.crt} (null: that controller does not run), the pool for parallel writes,
 * how nodes are judged (grace period, node scope) and how many finished pods may stay
 * ({@code terminated-pod-gc-threshold}).
 */
public record ControllerManagerSettings(List<String> controllers, int workers, Predicate<String> namespaceScope,
    String rootCaPem, int writeThreads, NodeLifecycleSettings nodeLifecycle, int terminatedPodGcThreshold) {

  public static ControllerManagerSettings defaults() {
    return new ControllerManagerSettings(List.of("*"), 5, ns -> true, null, 16, NodeLifecycleSettings.defaults(), 12500);
  }

  public boolean enabled(String controller) {
    return controllers.contains("*") ? !controllers.contains("-" + controller) : controllers.contains(controller);
  }

  public ControllerManagerSettings withNamespaceScope(Predicate<String> scope) {
    return new ControllerManagerSettings(controllers, workers, scope, rootCaPem, writeThreads, nodeLifecycle,
        terminatedPodGcThreshold);
  }

  public ControllerManagerSettings withControllers(List<String> names) {
    return new ControllerManagerSettings(names, workers, namespaceScope, rootCaPem, writeThreads, nodeLifecycle,
        terminatedPodGcThreshold);
  }

  public ControllerManagerSettings withRootCa(String pem) {
    return new ControllerManagerSettings(controllers, workers, namespaceScope, pem, writeThreads, nodeLifecycle,
        terminatedPodGcThreshold);
  }

  public ControllerManagerSettings withNodeLifecycle(NodeLifecycleSettings settings) {
    return new ControllerManagerSettings(controllers, workers, namespaceScope, rootCaPem, writeThreads, settings,
        terminatedPodGcThreshold);
  }

  public ControllerManagerSettings withTerminatedPodGcThreshold(int threshold) {
    return new ControllerManagerSettings(controllers, workers, namespaceScope, rootCaPem, writeThreads, nodeLifecycle,
        threshold);
  }
}
