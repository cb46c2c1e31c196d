package io.capstan.controllermanager;

import java.util.List;
import java.util.function.Predicate;

/**
 * What the controller manager runs: which controllers ({@code "*"} for all), workers per
 * controller, the namespace scope (all in production), the PEM published as
 * {@code kube-root-ca.crt} (null: that controller does not run) and the pool for parallel writes.
 */
public record ControllerManagerSettings(List<String> controllers, int workers, Predicate<String> namespaceScope,
    String rootCaPem, int writeThreads) {

  public static ControllerManagerSettings defaults() {
    return new ControllerManagerSettings(List.of("*"), 5, ns -> true, null, 16);
  }

  public boolean enabled(String controller) {
    return controllers.contains("*") ? !controllers.contains("-" + controller) : controllers.contains(controller);
  }

  public ControllerManagerSettings withNamespaceScope(Predicate<String> scope) {
    return new ControllerManagerSettings(controllers, workers, scope, rootCaPem, writeThreads);
  }

  public ControllerManagerSettings withControllers(List<String> names) {
    return new ControllerManagerSettings(names, workers, namespaceScope, rootCaPem, writeThreads);
  }

  public ControllerManagerSettings withRootCa(String pem) {
    return new ControllerManagerSettings(controllers, workers, namespaceScope, pem, writeThreads);
  }
}
