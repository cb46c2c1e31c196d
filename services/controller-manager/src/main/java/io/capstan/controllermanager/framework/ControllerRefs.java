package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Claiming dependents the way Kubernetes' ControllerRefManager does: an owner keeps what it
 * controls and still selects, releases what it controls but no longer selects, and adopts
 * selected orphans. Nothing is adopted or released while the owner or the dependent is being
 * deleted, so a cascading delete never races an adoption.
 */
public final class ControllerRefs {
  private ControllerRefs() {}

  /**
   * @param selects whether the owner's selector picks the candidate
   * @param adoptable extra conditions an orphan must meet before adoption (e.g. a StatefulSet
   *     ordinal in range); {@code c -> true} when there are none
   * @return the candidates the owner controls after the claim, adopted ones as written
   */
  public static <T extends HasMetadata> List<T> claim(HasMetadata owner, Iterable<T> candidates, Predicate<T> selects,
      Predicate<T> adoptable, ApiWriter writer) {
    String uid = owner.getMetadata().getUid();
    boolean ownerDeleting = OwnerRefs.isBeingDeleted(owner);
    List<T> owned = new ArrayList<>();
    for (T candidate : candidates) {
      boolean matches = selects.test(candidate);
      boolean candidateDeleting = OwnerRefs.isBeingDeleted(candidate);
      Optional<OwnerReference> ref = OwnerRefs.controllerOf(candidate);
      if (ref.isPresent()) {
        if (!uid.equals(ref.get().getUid())) continue;
        if (matches) owned.add(candidate);
        else if (!ownerDeleting && !candidateDeleting) ignoreNotFound(() -> writer.update(OwnerRefs.released(candidate, uid)));
      } else if (matches && !ownerDeleting && !candidateDeleting && adoptable.test(candidate)) {
        T adopted = ignoreNotFound(() -> writer.update(OwnerRefs.adopted(candidate, owner)));
        if (adopted != null) owned.add(adopted);
      }
    }
    return owned;
  }

  /**
   * Which owners of {@code kind} a change to {@code dependent} concerns: its controller when that
   * is of {@code kind}; nothing when another controller has it; for an orphan, every candidate
   * owner in its namespace whose selector picks it (one of them may adopt it).
   */
  public static <O extends HasMetadata> List<String> ownerKeys(HasMetadata dependent, String kind,
      Iterable<O> ownersInNamespace, Function<O, LabelSelector> selector) {
    Optional<OwnerReference> ref = OwnerRefs.controllerOf(dependent);
    if (ref.isPresent()) {
      return kind.equals(ref.get().getKind()) ? List.of(Keys.of(dependent.getMetadata().getNamespace(), ref.get().getName()))
          : List.of();
    }
    return selecting(dependent, ownersInNamespace, selector);
  }

  /** Keys of the candidates whose selector picks {@code dependent}. */
  public static <O extends HasMetadata> List<String> selecting(HasMetadata dependent, Iterable<O> ownersInNamespace,
      Function<O, LabelSelector> selector) {
    List<String> keys = new ArrayList<>();
    for (O owner : ownersInNamespace) {
      if (LabelSelectors.matches(selector.apply(owner), dependent.getMetadata().getLabels())) keys.add(Keys.of(owner));
    }
    return keys;
  }

  /** Runs a write whose target may have vanished meanwhile; a 404 means there is nothing left to do (null). */
  public static <T> T ignoreNotFound(Supplier<T> write) {
    try {
      return write.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return null;
      throw e;
    }
  }
}
