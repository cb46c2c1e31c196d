package io.capstan.client.bus;

import io.capstan.client.informer.ObjectAccess;
import io.capstan.model.bus.RegistryKey;
import java.util.Map;

/**
 * An object as stored: its etcd key, the stored bytes and the revision they were written at. The
 * apiserver's watch cache holds these, so it serves exactly the bytes etcd holds and decodes
 * only what a client asks for.
 */
public record RawObject(String etcdKey, byte[] value, long revision) {

  public static final BusDecoder<RawObject> DECODER = RawObject::new;

  /** Keys objects by namespace/name from the etcd key; labels are not indexed (that would mean parsing every value). */
  public static final ObjectAccess<RawObject> ACCESS = new ObjectAccess<>() {
    @Override
    public String key(RawObject o) {
      return RegistryKey.parse(o.etcdKey()).map(RegistryKey::recordKey).orElse(o.etcdKey());
    }

    @Override
    public long revision(RawObject o) {
      return o.revision();
    }

    @Override
    public String namespace(RawObject o) {
      return RegistryKey.parse(o.etcdKey()).map(RegistryKey::namespace).orElse(null);
    }

    @Override
    public Map<String, String> labels(RawObject o) {
      return Map.of();
    }
  };
}
