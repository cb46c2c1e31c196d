package io.capstan.client.typed;

import io.capstan.client.bus.BusDecoder;
import io.capstan.client.informer.ObjectAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Informer plumbing for fabric8 model types (Pod, Deployment, …): metadata access and bus decoding. */
public final class TypedObjects {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private TypedObjects() {}

  public static <T extends HasMetadata> ObjectAccess<T> access() {
    return new ObjectAccess<>() {
      @Override
      public String key(T o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
      }

      @Override
      public long revision(T o) {
        String rv = o.getMetadata().getResourceVersion();
        return rv == null || rv.isEmpty() ? 0 : Long.parseLong(rv);
      }

      @Override
      public String namespace(T o) {
        String ns = o.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? null : ns;
      }

      @Override
      public Map<String, String> labels(T o) {
        Map<String, String> l = o.getMetadata().getLabels();
        return l == null ? Map.of() : l;
      }
    };
  }

  /** Decodes stored JSON into {@code type}; the resourceVersion is the change's revision. */
  public static <T extends HasMetadata> BusDecoder<T> decoder(Class<T> type) {
    return (key, stored, revision) -> {
      T obj = SERIALIZATION.unmarshal(new String(stored, StandardCharsets.UTF_8), type);
      obj.getMetadata().setResourceVersion(Long.toString(revision));
      return obj;
    };
  }
}
