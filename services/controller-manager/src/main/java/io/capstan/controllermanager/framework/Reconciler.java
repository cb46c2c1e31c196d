package io.capstan.controllermanager.framework;

/**
 * Drives one object (its key, usually {@code namespace/name}) from its actual to its desired
 * state. Must be idempotent: the same key may be reconciled any number of times, after any
 * interleaving of events, and reads come from informer caches that may lag the apiserver. A
 * thrown exception requeues the key with per-key exponential back-off; writes that conflict
 * (stale resourceVersion) are expected and simply retried that way.
 */
@FunctionalInterface
public interface Reconciler {
  Result reconcile(String key) throws Exception;
}
