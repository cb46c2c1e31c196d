package io.capstan.apiserver.informers;

import io.capstan.apiserver.registry.ObjectCodec;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.client.informer.ChangeType;
import io.capstan.client.informer.EventSink;
import io.capstan.client.informer.EventSource;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ObjectAccess;
import io.capstan.client.informer.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Informers inside the API server, over its own {@link Storage}: the LIST is
 * {@code Storage.list} at any recent revision (served from the watch cache when there is one) and
 * the event source is {@code Storage.watch} after the LIST's revision (again the cache, fed by
 * Kafka, or etcd directly without a bus). Reading the decorated storage rather than a second Kafka
 * consumer keeps one copy of every event stream per process and works in both set-ups.
 */
public final class StorageInformers {
  private StorageInformers() {}

  public static Informer<ObjectNode> forType(Storage storage, ResourceType type) {
    return Informer.builder("apiserver-" + type.plural(), ACCESS)
        .lister(() -> {
          List<ObjectNode> items = new ArrayList<>();
          String start = null;
          long revision = Storage.ANY_REVISION;
          while (true) {
            Storage.Page page = storage.list(type.listPrefix(null), start, 1000, revision);
            for (Storage.Entry e : page.entries()) items.add(ObjectCodec.decodeStored(type, e.value(), e.modRevision()));
            revision = page.revision();
            if (page.nextKey() == null) break;
            start = page.nextKey();
          }
          return new Snapshot<>(items, revision);
        })
        .source(new WatchSource(storage, type))
        .build();
  }

  /** Storage.watch as an informer event source; the watch starts after the LIST's revision, so nothing falls between. */
  private record WatchSource(Storage storage, ResourceType type) implements EventSource<ObjectNode> {
    @Override
    public Cursor<ObjectNode> position() {
      return (listRevision, sink) -> {
        Storage.Watch w = storage.watch(type.listPrefix(null), listRevision, new Storage.WatchListener() {
          @Override
          public void onEvent(Storage.WatchEvent e) {
            try {
              switch (e.type()) {
                case ADDED -> sink.onChange(ChangeType.ADDED, e.revision(), decode(e.value(), e.revision()), 0);
                case MODIFIED -> sink.onChange(ChangeType.MODIFIED, e.revision(), decode(e.value(), e.revision()), 0);
                case DELETED -> sink.onChange(ChangeType.DELETED, e.revision(), decode(e.previous(), e.revision()), 0);
              }
            } catch (RuntimeException ex) {
              sink.onError(ex);
            }
          }

          @Override
          public void onClose(StorageException error) {
            if (error != null) sink.onResyncRequired("watch ended: " + error.getMessage());
            else sink.onError(new IllegalStateException("the storage watch of " + type.plural() + " closed"));
          }
        });
        return w::close;
      };
    }

    private ObjectNode decode(byte[] value, long revision) {
      return ObjectCodec.decodeStored(type, value, revision);
    }
  }

  /** Metadata access for objects as JSON trees. */
  public static final ObjectAccess<ObjectNode> ACCESS = new ObjectAccess<>() {
    @Override
    public String key(ObjectNode o) {
      String ns = namespace(o);
      String name = o.path("metadata").path("name").asString("");
      return ns == null ? name : ns + "/" + name;
    }

    @Override
    public long revision(ObjectNode o) {
      try {
        return Long.parseLong(o.path("metadata").path("resourceVersion").asString("0"));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    @Override
    public String namespace(ObjectNode o) {
      String ns = o.path("metadata").path("namespace").asString("");
      return ns.isEmpty() ? null : ns;
    }

    @Override
    public Map<String, String> labels(ObjectNode o) {
      Map<String, String> out = new HashMap<>();
      JsonNode labels = o.path("metadata").path("labels");
      for (String k : labels.propertyNames()) out.put(k, labels.get(k).asString());
      return out;
    }
  };
}
