package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;

/** A pod with what the scheduler derives from it once: requests, priority, affinity presence. */
public record PodInfo(Pod pod, String key, Resource requests, Resource nonZeroRequests, int priority) {

  public static PodInfo of(Pod pod, int priority) {
    return new PodInfo(pod, key(pod), Resource.podRequests(pod, false), Resource.podRequests(pod, true), priority);
  }

  public static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  public boolean hasAffinity() {
    Affinity a = pod.getSpec().getAffinity();
    return a != null && (a.getPodAffinity() != null || a.getPodAntiAffinity() != null);
  }

  public boolean hasRequiredAntiAffinity() {
    Affinity a = pod.getSpec().getAffinity();
    return a != null && a.getPodAntiAffinity() != null
        && a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null
        && !a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
  }

  public boolean terminating() {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }
}
