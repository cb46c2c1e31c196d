package io.capstan.controllermanager.framework;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The short hashes in workload names and labels ({@code pod-template-hash},
 * {@code controller-revision-hash}): FNV-1a (32 bit) of canonical JSON (keys sorted, empty maps
 * and lists dropped) and an optional collision count, its decimal digits written in Kubernetes'
 * safe alphabet (no vowels, so no words), as {@code rand.SafeEncodeString} does.
 */
public final class ObjectHash {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private ObjectHash() {}

  public static String of(Object object, Integer collisionCount) {
    return ofText(canonicalJson(object) + (collisionCount == null ? "" : "/" + collisionCount));
  }

  /** FNV-1a of {@code text}, safe-encoded. */
  public static String ofText(String text) {
    int h = 0x811c9dc5;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x01000193;
    }
    StringBuilder out = new StringBuilder();
    for (char c : Long.toString(h & 0xffffffffL).toCharArray()) out.append(ALPHABET.charAt(c % ALPHABET.length()));
    return out.toString();
  }

  /** JSON with sorted keys and without nulls or empty maps and lists: equal content, equal text. */
  public static String canonicalJson(Object object) {
    return Copies.serialization().asJson(canonical(object));
  }

  /** {@code object} as plain maps and lists in canonical form (comparable with {@code equals}). */
  public static Object canonical(Object object) {
    Object tree = object instanceof Map<?, ?> || object instanceof List<?> ? object
        : Copies.serialization().unmarshal(Copies.serialization().asJson(object), Map.class);
    return normalize(tree);
  }

  private static Object normalize(Object o) {
    if (o instanceof Map<?, ?> m) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object v = normalize(e.getValue());
        if (v == null || (v instanceof Map<?, ?> vm && vm.isEmpty()) || (v instanceof List<?> vl && vl.isEmpty())) continue;
        sorted.put(String.valueOf(e.getKey()), v);
      }
      return sorted;
    }
    if (o instanceof List<?> l) return l.stream().map(ObjectHash::normalize).toList();
    if (o instanceof Number n && !(o instanceof Double || o instanceof Float)) return n.longValue();
    return o;
  }
}
