package io.capstan.apiserver.cache;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.storage.Storage;
import org.springframework.stereotype.Component;

/**
 * Starts a watch cache for every served resource at boot and for each custom resource as it
 * becomes served, as Kubernetes does: a cache that starts only when the first watch arrives would
 * begin after the LIST that watch continues from.
 */
@Component
public class WatchCacheStarter {

  public WatchCacheStarter(Storage storage, ResourceCatalog catalog) {
    if (!(storage instanceof WatchCache cache)) return;
    Runnable startAll = () -> catalog.all().stream()
        .filter(s -> s.type().verbs().contains("watch")) // review APIs are never stored
        .forEach(s -> cache.start(s.type().storagePrefix()));
    startAll.run();
    catalog.onChange(startAll);
  }
}
