package io.capstan.client.typed;

import io.capstan.client.informer.ChangeType;
import io.capstan.client.informer.EventSink;
import io.capstan.client.informer.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * The apiserver's HTTP watch as an informer's event source, for components that follow a slice
 * (a node agent's own pods, a proxy's services) and must not read whole Kafka topics. The
 * position is the LIST's revision itself: a watch from it delivers exactly what came after, so
 * nothing needs capturing beforehand. fabric8 re-watches from the last revision when a stream
 * ends; a 410 Expired becomes a relist.
 */
public final class ApiWatchSource<T extends HasMetadata> implements EventSource<T> {
  private final KubernetesClient client;
  private final ApiQuery<T> query;

  public ApiWatchSource(KubernetesClient client, ApiQuery<T> query) {
    this.client = client;
    this.query = query;
  }

  @Override
  public Cursor<T> position() {
    return (listRevision, sink) -> {
      Watch w = query.watch(client, listRevision, new Forwarder<>(sink));
      return w::close;
    };
  }

  private record Forwarder<T extends HasMetadata>(EventSink<T> sink) implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T object) {
      ChangeType type = switch (action) {
        case ADDED -> ChangeType.ADDED;
        case MODIFIED -> ChangeType.MODIFIED;
        case DELETED -> ChangeType.DELETED;
        case BOOKMARK, ERROR -> null;
      };
      if (type == null) return;
      long revision = Long.parseLong(object.getMetadata().getResourceVersion());
      sink.onChange(type, revision, object, 0);
    }

    @Override
    public void onClose(WatcherException cause) {
      if (cause != null && cause.isHttpGone()) sink.onResyncRequired("watch expired: " + cause.getMessage());
      else if (cause != null) sink.onError(cause);
    }

    @Override
    public void onClose() {
      // Closed by us (the subscription ended): nothing to report.
    }
  }
}
