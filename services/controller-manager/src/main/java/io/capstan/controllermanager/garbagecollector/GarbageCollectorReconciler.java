package io.capstan.controllermanager.garbagecollector;

import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.controllermanager.framework.ApiWriter;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerRefs;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.Keys;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.Reconciler;
import io.capstan.controllermanager.framework.Result;
import io.capstan.controllermanager.framework.SharedInformers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deletes what ownerReferences say must go (Kubernetes' garbage collector, for the namespaced
 * resources it monitors). Keys are {@code Kind/namespace/name}.
 *
 * <ul>
 *   <li>An object all of whose owners are gone (absent, or present with another UID) is deleted
 *       in the background; owners that are gone are dropped from an object that keeps others.
 *   <li>An owner deleted in the foreground ({@code foregroundDeletion} finalizer) has its
 *       dependents deleted; the finalizer is removed once no dependent with
 *       {@code blockOwnerDeletion} remains.
 *   <li>An owner deleted with the {@code orphan} finalizer has its references removed from
 *       every dependent, then the finalizer.
 * </ul>
 * Whether an owner is gone is decided on a live read when the cache does not have it, so a
 * lagging cache never deletes a dependent of a fresh owner.
 */
public final class GarbageCollectorReconciler implements Reconciler {
  public static final String NAME = "garbagecollector";
  static final String FOREGROUND = "foregroundDeletion";
  static final String ORPHAN = "orphan";

  private final List<Monitored> monitored;
  private final ApiWriter writer;

  GarbageCollectorReconciler(List<Monitored> monitored, ApiWriter writer) {
    this.monitored = monitored;
    this.writer = writer;
  }

  public static Controller create(ControllerContext ctx) {
    SharedInformers s = ctx.informers();
    List<Monitored> monitored = new ArrayList<>();
    List<Informer<? extends HasMetadata>> informers = new ArrayList<>();
    watch(s, Pod.class, "/registry/pods", monitored, informers);
    watch(s, ReplicaSet.class, "/registry/apps/replicasets", monitored, informers);
    watch(s, io.fabric8.kubernetes.api.model.ReplicationController.class, "/registry/replicationcontrollers", monitored,
        informers);
    watch(s, Deployment.class, "/registry/apps/deployments", monitored, informers);
    watch(s, DaemonSet.class, "/registry/apps/daemonsets", monitored, informers);
    watch(s, StatefulSet.class, "/registry/apps/statefulsets", monitored, informers);
    watch(s, ControllerRevision.class, "/registry/apps/controllerrevisions", monitored, informers);
    watch(s, Job.class, "/registry/batch/jobs", monitored, informers);
    watch(s, CronJob.class, "/registry/batch/cronjobs", monitored, informers);
    watch(s, ConfigMap.class, "/registry/configmaps", monitored, informers);
    watch(s, Service.class, "/registry/services", monitored, informers);
    watch(s, Endpoints.class, "/registry/endpoints", monitored, informers);
    watch(s, EndpointSlice.class, "/registry/discovery.k8s.io/endpointslices", monitored, informers);
    GarbageCollectorReconciler r = new GarbageCollectorReconciler(monitored, ctx.writer());
    Controller c = ctx.controller(NAME, r, key -> key.split("/", 3)[1]);
    for (int k = 0; k < informers.size(); k++) add(informers.get(k), monitored.get(k).kind(), r, c);
    return c;
  }

  private static <T extends HasMetadata> void watch(SharedInformers s, Class<T> type, String prefix,
      List<Monitored> monitored, List<Informer<? extends HasMetadata>> informers) {
    Informer<T> i = s.informer(type, prefix);
    HasMetadata sample;
    try {
      sample = type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + type, e);
    }
    monitored.add(new Monitored(type, sample.getApiVersion(), sample.getKind(), i.store()));
    informers.add(i);
  }

  private static <T extends HasMetadata> void add(Informer<T> informer, String kind, GarbageCollectorReconciler r,
      Controller c) {
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T o, boolean initial) {
        if (interesting(o)) c.enqueue(key(kind, o));
      }

      @Override
      public void onUpdate(T old, T now) {
        if (interesting(now)) c.enqueue(key(kind, now));
      }

      @Override
      public void onDelete(T o) {
        r.dependents(o).forEach(d -> c.enqueue(d));
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs == null) return;
        for (OwnerReference ref : refs) {
          r.monitored(ref.getApiVersion(), ref.getKind())
              .ifPresent(m -> c.enqueue(m.kind() + "/" + o.getMetadata().getNamespace() + "/" + ref.getName()));
        }
      }
    });
  }

  private static boolean interesting(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    List<String> f = o.getMetadata().getFinalizers();
    return (refs != null && !refs.isEmpty())
        || (o.getMetadata().getDeletionTimestamp() != null && f != null && (f.contains(FOREGROUND) || f.contains(ORPHAN)));
  }

  static String key(String kind, HasMetadata o) {
    return kind + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private Optional<Monitored> monitored(String apiVersion, String kind) {
    return monitored.stream().filter(m -> m.matches(apiVersion, kind)).findFirst();
  }

  /** Keys of every cached object with an ownerReference to {@code owner}'s UID. */
  List<String> dependents(HasMetadata owner) {
    List<String> out = new ArrayList<>();
    for (Monitored m : monitored) {
      for (HasMetadata d : m.store().byIndex(SharedInformers.BY_OWNER, owner.getMetadata().getUid())) {
        out.add(key(m.kind(), d));
      }
    }
    return out;
  }

  private List<HasMetadata> dependentObjects(HasMetadata owner) {
    List<HasMetadata> out = new ArrayList<>();
    for (Monitored m : monitored) out.addAll(m.store().byIndex(SharedInformers.BY_OWNER, owner.getMetadata().getUid()));
    return out;
  }

  @Override
  public Result reconcile(String key) {
    String[] parts = key.split("/", 3);
    Monitored m = monitored.stream().filter(x -> x.kind().equals(parts[0])).findFirst().orElseThrow();
    Optional<? extends HasMetadata> cached = m.store().get(Keys.of(parts[1], parts[2]));
    if (cached.isEmpty()) return Result.done();
    HasMetadata o = cached.get();
    List<String> finalizers = o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers();
    if (o.getMetadata().getDeletionTimestamp() != null && finalizers.contains(ORPHAN)) {
      orphanDependents(o);
      return Result.done();
    }
    if (o.getMetadata().getDeletionTimestamp() != null && finalizers.contains(FOREGROUND)) {
      deleteDependentsFirst(o);
      return Result.done();
    }
    collectIfOwnersAreGone(m, o);
    return Result.done();
  }

  private void orphanDependents(HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    for (HasMetadata d : dependentObjects(owner)) ControllerRefs.ignoreNotFound(() -> writer.update(OwnerRefs.released(d, uid)));
    removeFinalizer(owner, ORPHAN);
  }

  private void deleteDependentsFirst(HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    boolean blocked = false;
    for (HasMetadata d : dependentObjects(owner)) {
      OwnerReference ref = d.getMetadata().getOwnerReferences().stream().filter(r -> uid.equals(r.getUid())).findFirst()
          .orElseThrow();
      if (Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) blocked = true;
      if (d.getMetadata().getDeletionTimestamp() == null) {
        // A dependent with dependents of its own goes in the foreground too, so the chain holds.
        boolean hasOwn = !dependentObjects(d).isEmpty();
        writer.delete(d.getClass(), d.getMetadata().getNamespace(), d.getMetadata().getName(),
            hasOwn ? "Foreground" : "Background");
      }
    }
    // Deletion events of the dependents queue this owner again.
    if (!blocked) removeFinalizer(owner, FOREGROUND);
  }

  private enum OwnerState { PRESENT, WAITING_FOR_DEPENDENTS, GONE }

  private void collectIfOwnersAreGone(Monitored m, HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) return;
    List<OwnerReference> gone = new ArrayList<>();
    boolean present = false;
    boolean waiting = false;
    for (OwnerReference ref : refs) {
      switch (state(o.getMetadata().getNamespace(), ref)) {
        case GONE -> gone.add(ref);
        case PRESENT -> present = true;
        case WAITING_FOR_DEPENDENTS -> waiting = true;
      }
    }
    if (!present && !waiting) {
      writer.delete(m.type(), o.getMetadata().getNamespace(), o.getMetadata().getName(), "Background");
    } else if (!present) {
      // Every remaining owner waits for its dependents: go in the foreground as they do.
      if (o.getMetadata().getDeletionTimestamp() == null) {
        writer.delete(m.type(), o.getMetadata().getNamespace(), o.getMetadata().getName(), "Foreground");
      }
    } else if (!gone.isEmpty()) {
      HasMetadata copy = Copies.deep(o);
      copy.getMetadata().getOwnerReferences().removeIf(r -> gone.stream().anyMatch(g -> g.getUid().equals(r.getUid())));
      ControllerRefs.ignoreNotFound(() -> writer.update(copy));
    }
  }

  private OwnerState state(String namespace, OwnerReference ref) {
    Optional<Monitored> m = monitored(ref.getApiVersion(), ref.getKind());
    HasMetadata owner = m.flatMap(x -> x.store().get(Keys.of(namespace, ref.getName())))
        .filter(x -> ref.getUid().equals(x.getMetadata().getUid())).map(x -> (HasMetadata) x).orElse(null);
    if (owner == null) owner = writer.get(ref.getApiVersion(), ref.getKind(), namespace, ref.getName());
    if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) return OwnerState.GONE;
    List<String> f = owner.getMetadata().getFinalizers();
    if (owner.getMetadata().getDeletionTimestamp() != null && f != null && f.contains(FOREGROUND)) {
      return OwnerState.WAITING_FOR_DEPENDENTS;
    }
    return OwnerState.PRESENT;
  }

  private void removeFinalizer(HasMetadata o, String finalizer) {
    HasMetadata copy = Copies.deep(o);
    copy.getMetadata().getFinalizers().remove(finalizer);
    ControllerRefs.ignoreNotFound(() -> writer.update(copy));
  }
}
