package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Deep copies. Objects in informer caches are shared by every controller and must never be
 * mutated: a reconciler copies before it changes anything.
 */
public final class Copies {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Copies() {}

  public static <T> T deep(T object) {
    return SERIALIZATION.clone(object);
  }

  public static KubernetesSerialization serialization() {
    return SERIALIZATION;
  }
}
