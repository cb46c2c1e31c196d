package io.capstan.controllermanager.framework;

import io.capstan.client.informer.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ControllerRevisions of a DaemonSet or StatefulSet (Kubernetes' {@code controller/history}):
 * one per distinct pod template, named {@code <owner>-<hash>}, labelled
 * {@code controller-revision-hash=<hash>}, whose data is the patch
 * {@code {"spec":{"template":{…,"$patch":"replace"}}}} that {@code kubectl rollout undo} applies.
 * The current template's revision always carries the highest revision number, so rolling back to
 * an old template makes its revision current again rather than adding a duplicate.
 */
public final class RevisionHistory {
  public static final String HASH_LABEL = "controller-revision-hash";

  /** The revision of the owner's current template and every other revision it owns. */
  public record Snapshot(ControllerRevision current, List<ControllerRevision> olds) {
    public String hash() {
      return current.getMetadata().getLabels().get(HASH_LABEL);
    }
  }

  /** Another owner's revision (or another template) holds the name: the owner's collisionCount must grow. */
  public static final class Collision extends RuntimeException {
    public Collision(String name) {
      super("controller revision name " + name + " is taken by other content");
    }
  }

  private final Store<ControllerRevision> revisions;
  private final ApiWriter writer;

  public RevisionHistory(Store<ControllerRevision> revisions, ApiWriter writer) {
    this.revisions = revisions;
    this.writer = writer;
  }

  /** The patch a revision stores for {@code template}. */
  public static Map<String, Object> patchOf(PodTemplateSpec template) {
    @SuppressWarnings("unchecked")
    Map<String, Object> t = Copies.serialization().unmarshal(Copies.serialization().asJson(template), Map.class);
    t.put("$patch", "replace");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("template", t);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("spec", spec);
    return data;
  }

  public List<ControllerRevision> owned(HasMetadata owner) {
    return revisions.byIndex(SharedInformers.BY_CONTROLLER, owner.getMetadata().getUid());
  }

  /**
   * Makes sure the revision for {@code template} exists with the highest revision number (creating
   * or renumbering it) and returns it with the others. {@code annotations} go on a new revision.
   *
   * @throws Collision when the name is held by different content; the caller bumps collisionCount
   */
  public Snapshot sync(HasMetadata owner, PodTemplateSpec template, Integer collisionCount,
      Map<String, String> annotations) {
    Map<String, Object> data = patchOf(template);
    Object canonicalData = ObjectHash.canonical(data);
    List<ControllerRevision> owned = new ArrayList<>(owned(owner));
    owned.sort(Comparator.comparingLong(RevisionHistory::number));
    long max = owned.isEmpty() ? 0 : number(owned.get(owned.size() - 1));
    List<ControllerRevision> equal = owned.stream()
        .filter(r -> Objects.equals(ObjectHash.canonical(r.getData() == null ? Map.of() : r.getData()), canonicalData))
        .toList();
    ControllerRevision current;
    if (!equal.isEmpty()) {
      current = equal.get(equal.size() - 1);
      if (number(current) < max) {
        ControllerRevision copy = Copies.deep(current);
        copy.setRevision(max + 1);
        current = writer.update(copy);
      }
    } else {
      current = create(owner, template, data, canonicalData, max + 1, collisionCount, annotations);
    }
    List<ControllerRevision> olds = new ArrayList<>(owned);
    String currentName = current.getMetadata().getName();
    olds.removeIf(r -> r.getMetadata().getName().equals(currentName));
    return new Snapshot(current, olds);
  }

  private ControllerRevision create(HasMetadata owner, PodTemplateSpec template, Map<String, Object> data,
      Object canonicalData, long number, Integer collisionCount, Map<String, String> annotations) {
    String hash = ObjectHash.of(data, collisionCount);
    String name = owner.getMetadata().getName() + "-" + hash;
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.put(HASH_LABEL, hash);
    ControllerRevision cr = new ControllerRevisionBuilder().withNewMetadata().withName(name)
        .withNamespace(owner.getMetadata().getNamespace()).withLabels(labels)
        .withAnnotations(annotations == null || annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
        .withOwnerReferences(OwnerRefs.controllerRef(owner)).endMetadata()
        .withData(data).withRevision(number).build();
    try {
      return writer.create(cr);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) throw e;
      HasMetadata existing = writer.get("apps/v1", "ControllerRevision", owner.getMetadata().getNamespace(), name);
      ControllerRevision same = existing == null ? null
          : Copies.serialization().convertValue(existing, ControllerRevision.class);
      if (same != null && OwnerRefs.isControlledBy(same, owner.getMetadata().getUid())
          && Objects.equals(ObjectHash.canonical(same.getData()), canonicalData)) {
        return same;
      }
      throw new Collision(name);
    }
  }

  /**
   * Deletes the oldest revisions beyond {@code limit}, never one whose hash or name is in
   * {@code live} (pods still run it). With {@code countLive} the limit counts every old revision
   * (DaemonSet), otherwise only the dead ones (StatefulSet), as in Kubernetes.
   */
  public void cleanup(List<ControllerRevision> olds, int limit, Set<String> live, boolean countLive) {
    List<ControllerRevision> dead = new ArrayList<>(olds.stream()
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .filter(r -> !live.contains(r.getMetadata().getName())
            && !live.contains(r.getMetadata().getLabels() == null ? "" : r.getMetadata().getLabels().get(HASH_LABEL)))
        .toList());
    int excess = Math.min(dead.size(), (countLive ? olds.size() : dead.size()) - limit);
    if (excess <= 0) return;
    dead.sort(Comparator.comparingLong(RevisionHistory::number));
    for (ControllerRevision r : dead.subList(0, excess)) {
      writer.delete(ControllerRevision.class, r.getMetadata().getNamespace(), r.getMetadata().getName(), null);
    }
  }

  public static long number(ControllerRevision r) {
    return r.getRevision() == null ? 0 : r.getRevision();
  }
}
