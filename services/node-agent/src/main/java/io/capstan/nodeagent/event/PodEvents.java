package io.capstan.nodeagent.event;

/**
 * Events about pods, as the kubelet reports them (source component {@code kubelet}), so {@code
 * kubectl describe pod} tells what happened: Pulled, Created, Started, Killing, BackOff,
 * Unhealthy, FailedMount and the like. Recording never blocks the caller and never fails it.
 */
public interface PodEvents {
  String NORMAL = "Normal";
  String WARNING = "Warning";

  /**
   * The object an event is about.
   *
   * @param fieldPath {@code spec.containers{name}} for a container, null for the pod
   */
  record Target(String namespace, String name, String uid, String fieldPath) {
    public static Target pod(String namespace, String name, String uid) {
      return new Target(namespace, name, uid, null);
    }

    public Target container(String container, boolean init) {
      return new Target(namespace, name, uid, (init ? "spec.initContainers{" : "spec.containers{") + container + "}");
    }
  }

  void record(Target target, String type, String reason, String message);

  /** Records nothing (unit tests, tools). */
  PodEvents NONE = (target, type, reason, message) -> {};
}
