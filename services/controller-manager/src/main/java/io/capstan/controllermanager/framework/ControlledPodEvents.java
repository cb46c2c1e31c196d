package io.capstan.controllermanager.framework;

import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pod events for a controller that creates pods against {@link Expectations} (ReplicaSet,
 * DaemonSet), as Kubernetes' controllers handle them: a pod's controller of {@code kind} — the
 * cached one with the reference's UID — is queued and its creation/deletion observed; an orphan
 * queues every owner whose selector picks it (one may adopt it); a pod turning Ready queues its
 * owner again once the owner's minReadySeconds have passed, when it counts as available.
 */
public final class ControlledPodEvents<O extends HasMetadata> implements ResourceEventHandler<Pod> {
  private final Controller controller;
  private final Expectations expectations;
  private final String kind;
  private final Store<O> owners;
  private final Function<O, LabelSelector> selector;
  private final Function<O, Integer> minReadySeconds;

  public ControlledPodEvents(Controller controller, Expectations expectations, String kind, Store<O> owners,
      Function<O, LabelSelector> selector, Function<O, Integer> minReadySeconds) {
    this.controller = controller;
    this.expectations = expectations;
    this.kind = kind;
    this.owners = owners;
    this.selector = selector;
    this.minReadySeconds = minReadySeconds;
  }

  @Override
  public void onAdd(Pod p, boolean initialList) {
    // A pod that is already going (seen first on a relist) counts as a deletion, not a creation.
    if (OwnerRefs.isBeingDeleted(p)) {
      onDelete(p);
      return;
    }
    Optional<String> owner = owner(p);
    if (owner.isPresent()) {
      expectations.creationObserved(owner.get());
      controller.enqueue(owner.get());
    } else if (OwnerRefs.controllerOf(p).isEmpty()) {
      selectingOwners(p);
    }
  }

  @Override
  public void onUpdate(Pod old, Pod now) {
    if (OwnerRefs.isBeingDeleted(now) && !OwnerRefs.isBeingDeleted(old)) {
      owner(now).ifPresent(k -> expectations.deletionObserved(k, Keys.of(now)));
    }
    owner(old).ifPresent(controller::enqueue);
    Optional<String> owner = owner(now);
    owner.ifPresent(controller::enqueue);
    if (owner.isPresent() && !PodStates.isReady(old) && PodStates.isReady(now)) {
      owners.get(owner.get()).map(minReadySeconds).filter(s -> s != null && s > 0)
          .ifPresent(s -> controller.enqueueAfter(owner.get(), Duration.ofSeconds(s).plusMillis(100)));
    }
    if (OwnerRefs.controllerOf(now).isEmpty()) selectingOwners(now);
  }

  @Override
  public void onDelete(Pod p) {
    owner(p).ifPresent(k -> {
      expectations.deletionObserved(k, Keys.of(p));
      controller.enqueue(k);
    });
  }

  private Optional<String> owner(Pod p) {
    Optional<OwnerReference> ref = OwnerRefs.controllerOf(p);
    if (ref.isEmpty() || !kind.equals(ref.get().getKind())) return Optional.empty();
    String key = Keys.of(p.getMetadata().getNamespace(), ref.get().getName());
    return owners.get(key).filter(o -> ref.get().getUid().equals(o.getMetadata().getUid())).map(o -> key);
  }

  private void selectingOwners(Pod p) {
    ControllerRefs.selecting(p, owners.inNamespace(p.getMetadata().getNamespace()), selector).forEach(controller::enqueue);
  }
}
