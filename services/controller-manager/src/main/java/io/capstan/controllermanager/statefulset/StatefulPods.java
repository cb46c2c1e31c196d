package io.capstan.controllermanager.statefulset;

import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.OwnerRefs;
import io.capstan.controllermanager.framework.PodStates;
import io.capstan.controllermanager.framework.RevisionHistory;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * StatefulSet pods: stable names {@code <set>-<ordinal>}, hostname = name and subdomain = the
 * governing service (so {@code <pod>.<service>} resolves), the {@code statefulset.kubernetes.io/pod-name}
 * and {@code apps.kubernetes.io/pod-index} labels, the revision in {@code controller-revision-hash},
 * and a PersistentVolumeClaim {@code <claim>-<pod>} per volumeClaimTemplate.
 */
final class StatefulPods {
  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

  private StatefulPods() {}

  /** The ordinal in {@code <set>-<n>}, or -1 when the name is not one of the set's. */
  static int ordinal(StatefulSet set, Pod p) {
    String prefix = set.getMetadata().getName() + "-";
    String name = p.getMetadata().getName();
    if (!name.startsWith(prefix)) return -1;
    String digits = name.substring(prefix.length());
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) return -1;
    return Integer.parseInt(digits);
  }

  static String name(StatefulSet set, int ordinal) {
    return set.getMetadata().getName() + "-" + ordinal;
  }

  static String revision(Pod p) {
    return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(RevisionHistory.HASH_LABEL);
  }

  /** The template a revision stores (its patch without the {@code $patch} directive). */
  static PodTemplateSpec templateOf(ControllerRevision r) {
    Object data = r.getData();
    if (data instanceof Map<?, ?> m && m.get("spec") instanceof Map<?, ?> spec && spec.get("template") instanceof Map<?, ?> t) {
      Map<Object, Object> copy = new LinkedHashMap<>(t);
      copy.remove("$patch");
      return Copies.serialization().convertValue(copy, PodTemplateSpec.class);
    }
    throw new IllegalStateException("controller revision " + r.getMetadata().getName() + " holds no pod template");
  }

  static Pod newPod(StatefulSet set, PodTemplateSpec template, String revision, int ordinal) {
    String name = name(set, ordinal);
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) labels.putAll(template.getMetadata().getLabels());
    labels.put(POD_NAME_LABEL, name);
    labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
    labels.put(RevisionHistory.HASH_LABEL, revision);
    PodSpec spec = Copies.deep(template.getSpec());
    spec.setHostname(name);
    String service = set.getSpec().getServiceName();
    if (service != null && !service.isEmpty()) spec.setSubdomain(service);
    List<Volume> volumes = spec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(spec.getVolumes());
    for (PersistentVolumeClaim claim : claimTemplates(set)) {
      String claimName = claimName(claim, name);
      volumes.removeIf(v -> claim.getMetadata().getName().equals(v.getName()));
      volumes.add(new VolumeBuilder().withName(claim.getMetadata().getName()).withNewPersistentVolumeClaim()
          .withClaimName(claimName).endPersistentVolumeClaim().build());
    }
    spec.setVolumes(volumes.isEmpty() ? null : volumes);
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(set.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(template.getMetadata() == null || template.getMetadata().getAnnotations() == null ? null
            : new LinkedHashMap<>(template.getMetadata().getAnnotations()))
        .withOwnerReferences(OwnerRefs.controllerRef(set)).endMetadata()
        .withSpec(spec).build();
  }

  static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
    return set.getSpec().getVolumeClaimTemplates() == null ? List.of() : set.getSpec().getVolumeClaimTemplates();
  }

  static String claimName(PersistentVolumeClaim template, String podName) {
    return template.getMetadata().getName() + "-" + podName;
  }

  /** The claim a pod of the set uses: the template's spec, the set's selector labels (claims outlive pods). */
  static PersistentVolumeClaim newClaim(StatefulSet set, PersistentVolumeClaim template, String podName) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata().getLabels() != null) labels.putAll(template.getMetadata().getLabels());
    if (set.getSpec().getSelector().getMatchLabels() != null) labels.putAll(set.getSpec().getSelector().getMatchLabels());
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(claimName(template, podName))
        .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
        .withAnnotations(template.getMetadata().getAnnotations()).endMetadata()
        .withSpec(Copies.deep(template.getSpec())).build();
  }

  static boolean isRunningAndReady(Pod p) {
    return "Running".equals(PodStates.phase(p)) && PodStates.isReady(p);
  }

  static boolean isHealthy(Pod p, Duration minReady, Instant now) {
    return isRunningAndReady(p) && !isTerminating(p) && PodStates.isAvailable(p, minReady, now);
  }

  static boolean isTerminating(Pod p) {
    return p.getMetadata().getDeletionTimestamp() != null;
  }

  static boolean isFinished(Pod p) {
    String phase = PodStates.phase(p);
    return "Failed".equals(phase) || "Succeeded".equals(phase);
  }
}
