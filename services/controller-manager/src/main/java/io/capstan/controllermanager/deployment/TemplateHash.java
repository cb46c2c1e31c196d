package io.capstan.controllermanager.deployment;

import io.capstan.controllermanager.framework.Copies;
import io.capstan.controllermanager.framework.ObjectHash;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code pod-template-hash} label: FNV-1a (32 bit) of the template in canonical JSON (keys
 * sorted) and the collision count, written in Kubernetes' safe alphabet (no vowels, so no words).
 * Template comparison ignores the label, as Kubernetes' {@code EqualIgnoreHash} does.
 */
public final class TemplateHash {
  public static final String LABEL = "pod-template-hash";

  private TemplateHash() {}

  public static String of(PodTemplateSpec template, Integer collisionCount) {
    return ObjectHash.ofText(canonicalJson(template) + (collisionCount == null ? "" : "/" + collisionCount));
  }

  /** Templates equal apart from the pod-template-hash label. */
  public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
    return Objects.equals(withoutHash(a), withoutHash(b));
  }

  private static Object withoutHash(PodTemplateSpec t) {
    Object tree = canonical(Copies.serialization().unmarshal(Copies.serialization().asJson(t), Map.class));
    if (tree instanceof Map<?, ?> m && m.get("metadata") instanceof Map<?, ?> meta
        && meta.get("labels") instanceof Map<?, ?> labels) {
      labels.remove(LABEL);
      if (labels.isEmpty()) meta.remove("labels");
      if (meta.isEmpty()) m.remove("metadata");
    }
    return tree;
  }

  private static String canonicalJson(PodTemplateSpec t) {
    return Copies.serialization().asJson(withoutHash(t));
  }

  @SuppressWarnings("unchecked")
  private static Object canonical(Object o) {
    if (o instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object v = canonical(e.getValue());
        if (v == null || (v instanceof Map<?, ?> vm && vm.isEmpty()) || (v instanceof List<?> vl && vl.isEmpty())) continue;
        sorted.put((String) e.getKey(), v);
      }
      return sorted;
    }
    if (o instanceof List<?> l) return l.stream().map(TemplateHash::canonical).toList();
    return o;
  }
}
