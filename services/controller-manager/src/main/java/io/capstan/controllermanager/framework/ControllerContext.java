package io.capstan.controllermanager.framework;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * What every controller is built from: the shared informers, the writer, the event recorder, a
 * pool for parallel writes (slow-start batches), metrics, the clock, workers per controller and
 * the namespace scope (every namespace in production; tests narrow it so controllers leave other
 * tests' objects alone).
 */
public record ControllerContext(SharedInformers informers, ApiWriter writer, EventRecorder events,
    ExecutorService writes, MeterRegistry meters, Clock clock, int workers, Predicate<String> namespaceScope) {

  /** A controller over keys whose namespace (or, for cluster-scoped keys, name) is in scope. */
  public Controller controller(String name, Reconciler reconciler) {
    return new Controller(name, reconciler, workers, meters, key -> namespaceScope.test(
        Keys.namespace(key) == null ? key : Keys.namespace(key)));
  }

  /** A controller whose keys are not {@code namespace/name}: {@code namespaceOfKey} finds the namespace (null: cluster-scoped). */
  public Controller controller(String name, Reconciler reconciler, java.util.function.Function<String, String> namespaceOfKey) {
    return new Controller(name, reconciler, workers, meters, key -> {
      String ns = namespaceOfKey.apply(key);
      return ns == null || namespaceScope.test(ns);
    });
  }

  public boolean inScope(String namespace) {
    return namespace == null || namespaceScope.test(namespace);
  }
}
