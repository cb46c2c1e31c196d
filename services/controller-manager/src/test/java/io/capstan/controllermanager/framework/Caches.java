package io.capstan.controllermanager.framework;

import io.capstan.client.informer.EventSource;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.Snapshot;
import io.capstan.client.informer.Store;
import io.capstan.client.typed.TypedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Informer caches primed with fixed objects (a LIST that returns them, no events), for reconciler tests. */
public final class Caches {
  private Caches() {}

  @SafeVarargs
  public static <T extends HasMetadata> Store<T> of(T... objects) {
    return of(List.of(objects));
  }

  public static <T extends HasMetadata> Store<T> of(List<T> objects) {
    EventSource<T> none = () -> (revision, sink) -> () -> {};
    Informer<T> i = Informer.builder("test", TypedObjects.<T>access())
        .lister(() -> new Snapshot<>(new ArrayList<>(objects), 1)).source(none).build();
    SharedInformers.addStandardIndexers(i);
    i.start();
    try {
      if (!i.awaitSynced(Duration.ofSeconds(5))) throw new IllegalStateException("primed cache did not sync");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return i.store();
  }
}
