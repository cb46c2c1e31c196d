package io.capstan.nodeagent.objects;

import io.capstan.client.informer.ChangeListener;
import io.capstan.client.informer.ChangeType;
import io.capstan.client.informer.EventSource;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ListSource;
import io.capstan.client.typed.ApiListSource;
import io.capstan.client.typed.ApiQuery;
import io.capstan.client.typed.ApiWatchSource;
import io.capstan.client.typed.TypedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ObjectWatch} on the repo's {@link Informer}: relists on watch expiry or failure as
 * every informer does. Only the first LIST's outcome is reported to readers; later failures
 * leave the last known object in place while the informer retries.
 */
public final class InformerObjectWatch<T extends HasMetadata> implements ObjectWatch<T> {
  private final String key;
  private final Informer<T> informer;
  private final CompletableFuture<Void> listed = new CompletableFuture<>();

  /** Follows {@code namespace/name} through the apiserver: the only form a node may list or watch it in. */
  public static <T extends HasMetadata> InformerObjectWatch<T> start(KubernetesClient client, Class<T> type,
      String namespace, String name) {
    ApiQuery<T> one = ApiQuery.all(type).inNamespace(namespace).withFields("metadata.name=" + name);
    return start(type.getSimpleName().toLowerCase() + " " + namespace + "/" + name, namespace + "/" + name,
        new ApiListSource<>(client, one), new ApiWatchSource<>(client, one));
  }

  static <T extends HasMetadata> InformerObjectWatch<T> start(String description, String key, ListSource<T> lister,
      EventSource<T> source) {
    InformerObjectWatch<T> watch = new InformerObjectWatch<>(description, key, lister, source);
    watch.informer.start();
    return watch;
  }

  private InformerObjectWatch(String description, String key, ListSource<T> lister, EventSource<T> source) {
    this.key = key;
    this.informer = Informer.<T>builder(description, TypedObjects.access())
        .lister(() -> {
          try {
            return lister.list();
          } catch (Exception e) {
            listed.completeExceptionally(e);
            throw e;
          }
        })
        .source(source)
        .build();
    // onReplace runs once the store holds the LIST, so a reader released by it sees the object.
    informer.addChangeListener(new ChangeListener<>() {
      @Override
      public void onReplace(Collection<T> items, long revision) {
        listed.complete(null);
      }

      @Override
      public void onChange(ChangeType type, T old, T now, long revision) {}
    });
  }

  @Override
  public void awaitListed(Duration timeout) throws InterruptedException {
    try {
      listed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ObjectUnavailable("cannot list " + informer.name() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new ObjectUnavailable("timed out after " + timeout.toSeconds() + "s waiting to list " + informer.name(), e);
    }
  }

  @Override
  public Optional<T> current() {
    return informer.store().get(key);
  }

  @Override
  public void close() {
    informer.close();
  }
}
