package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Records writes; creates get a name (generateName) and UID; {@link #live} answers {@link #get}. */
public final class FakeApiWriter implements ApiWriter {
  public record Deletion(String kind, String namespace, String name, String propagation) {}

  public final List<HasMetadata> created = Collections.synchronizedList(new ArrayList<>());
  public final List<HasMetadata> updated = Collections.synchronizedList(new ArrayList<>());
  public final List<HasMetadata> statusUpdates = Collections.synchronizedList(new ArrayList<>());
  public final List<Deletion> deleted = Collections.synchronizedList(new ArrayList<>());
  public final Map<String, HasMetadata> live = Collections.synchronizedMap(new HashMap<>());
  private final AtomicInteger names = new AtomicInteger();

  @Override
  public <T extends HasMetadata> T create(T object) {
    if (object.getMetadata().getName() == null) {
      object.getMetadata().setName(object.getMetadata().getGenerateName() + "x" + names.incrementAndGet());
    }
    object.getMetadata().setUid(UUID.randomUUID().toString());
    created.add(object);
    return object;
  }

  @Override
  public <T extends HasMetadata> T update(T object) {
    updated.add(object);
    return object;
  }

  @Override
  public <T extends HasMetadata> T updateStatus(T object) {
    statusUpdates.add(object);
    return object;
  }

  @Override
  public boolean delete(Class<? extends HasMetadata> type, String namespace, String name, String propagationPolicy) {
    deleted.add(new Deletion(type.getSimpleName(), namespace, name, propagationPolicy));
    return true;
  }

  @Override
  public HasMetadata get(String apiVersion, String kind, String namespace, String name) {
    return live.get(kind + "/" + Keys.of(namespace, name));
  }

  public <T extends HasMetadata> List<T> created(Class<T> type) {
    synchronized (created) {
      return created.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}
