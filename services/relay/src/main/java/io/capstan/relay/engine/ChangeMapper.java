package io.capstan.relay.engine;

import io.capstan.model.bus.BusEvent;
import io.capstan.model.bus.RegistryKey;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns one etcd change into the bus record for it, or nothing for keys that are not stored
 * objects (Capstan's bookkeeping under {@code /registry/capstan/}, malformed keys).
 */
final class ChangeMapper {
  private ChangeMapper() {}

  static Optional<BusRecord> map(WatchEvent event) {
    KeyValue kv = event.getKeyValue();
    boolean delete = event.getEventType() == WatchEvent.EventType.DELETE;
    KeyValue prev = event.getPrevKV();
    byte[] previous = prev == null || prev.getKey().isEmpty() ? null : prev.getValue().getBytes();
    return map(kv.getKey().toString(StandardCharsets.UTF_8), delete, kv.getValue().getBytes(),
        kv.getCreateRevision(), kv.getModRevision(), previous);
  }

  /**
   * @param modRevision the revision of the change (for a delete, the revision of the delete)
   * @param previous the value before a delete; a DELETED event carries it as its object
   */
  static Optional<BusRecord> map(String etcdKey, boolean delete, byte[] value, long createRevision,
      long modRevision, byte[] previous) {
    return RegistryKey.parse(etcdKey).map(key -> {
      BusEvent.Type type = delete ? BusEvent.Type.DELETED
          : createRevision == modRevision ? BusEvent.Type.ADDED : BusEvent.Type.MODIFIED;
      byte[] object = delete ? previous : value;
      BusEvent event = new BusEvent(type, modRevision, etcdKey, object);
      return new BusRecord(key.topic(), key.recordKey(), modRevision, event.encode());
    });
  }
}
