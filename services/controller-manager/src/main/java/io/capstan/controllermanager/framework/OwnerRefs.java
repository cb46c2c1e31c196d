package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Optional;

/** ownerReferences: the controller reference, adoption and release. */
public final class OwnerRefs {
  private OwnerRefs() {}

  public static Optional<OwnerReference> controllerOf(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    if (refs == null) return Optional.empty();
    return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  public static boolean isControlledBy(HasMetadata o, String ownerUid) {
    return controllerOf(o).map(r -> ownerUid.equals(r.getUid())).orElse(false);
  }

  /** A controller reference to {@code owner} that blocks the owner's foreground deletion. */
  public static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  /** A copy of {@code o} whose controller reference is {@code owner} (adoption). */
  public static <T extends HasMetadata> T adopted(T o, HasMetadata owner) {
    T copy = Copies.deep(o);
    copy.getMetadata().getOwnerReferences().removeIf(r -> owner.getMetadata().getUid().equals(r.getUid()));
    copy.getMetadata().getOwnerReferences().add(controllerRef(owner));
    return copy;
  }

  /** A copy of {@code o} without any reference to {@code ownerUid} (release, orphaning). */
  public static <T extends HasMetadata> T released(T o, String ownerUid) {
    T copy = Copies.deep(o);
    copy.getMetadata().getOwnerReferences().removeIf(r -> ownerUid.equals(r.getUid()));
    return copy;
  }

  public static boolean isBeingDeleted(HasMetadata o) {
    return o.getMetadata().getDeletionTimestamp() != null;
  }
}
