package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Function;

/** Work-queue keys: {@code namespace/name}, or {@code name} for cluster-scoped objects. */
public final class Keys {
  private Keys() {}

  public static String of(HasMetadata o) {
    return of(o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  public static String of(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /**
   * The key of the object's controller when it is of {@code kind}, else null: for dependents
   * such as ControllerRevisions that only ever matter to their controller.
   */
  public static <T extends HasMetadata> Function<T, String> controllerOfKind(String kind) {
    return o -> OwnerRefs.controllerOf(o).filter(ref -> kind.equals(ref.getKind()))
        .map(ref -> of(o.getMetadata().getNamespace(), ref.getName())).orElse(null);
  }

  /** The namespace part of a key, or null for a cluster-scoped key. */
  public static String namespace(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? null : key.substring(0, slash);
  }

  public static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
