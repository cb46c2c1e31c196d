package io.capstan.apiserver.web;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.registry.ListResult;
import io.capstan.apiserver.registry.ObjectCodec;
import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code ?watch=true} as Kubernetes does: one JSON event per line on a held-open chunked
 * response, or one event per WebSocket message when the client asks to upgrade (fabric8 and
 * client-go informers do). Events are filtered by the request's selectors, Table-shaped when
 * kubectl asked for tables, and the stream ends after {@code timeoutSeconds}. Streams come from
 * {@link Storage#watch}: the Kafka-fed watch cache when one is configured, else etcd. Storage
 * events are only queued on the delivering thread; decoding and filtering happen on the watch's
 * own thread, so one slow or busy watcher does not hold up the others.
 */
@Component
public class WatchStreamer {
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration BOOKMARK_EVERY = Duration.ofSeconds(15);

  private final GenericRegistry registry;
  private final TableRenderer tables;
  private final AtomicInteger open = new AtomicInteger();
  /** WebSocket watches run here: a container thread must not block for the life of a watch. */
  private final ExecutorService webSocketWatches = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "watch-websocket");
    t.setDaemon(true);
    return t;
  });

  public WatchStreamer(GenericRegistry registry, TableRenderer tables, MeterRegistry meters) {
    this.registry = registry;
    this.tables = tables;
    Gauge.builder("apiserver_longrunning_requests", open, AtomicInteger::get).tag("verb", "WATCH")
        .description("Open watch requests").register(meters);
  }

  @PreDestroy
  void stop() {
    webSocketWatches.shutdownNow();
  }

  private sealed interface Signal permits Change, Closed {}

  private record Change(Storage.WatchEvent event) implements Signal {}

  private record Event(String type, ObjectNode object) {}

  private record Closed(StorageException error) implements Signal {}

  /** Where events go: a chunked HTTP body or a WebSocket session. */
  interface EventSink {
    void send(ObjectNode event) throws IOException;
  }

  /** One open watch: its first events, its live queue, and how to render events. */
  final class Feed implements AutoCloseable {
    private final Served served;
    private final List<ObjectNode> initial;
    private final long startRevision;
    private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
    private final Storage.Watch watch;
    private final Predicate<ObjectNode> matches;
    private final Duration timeout;
    private final boolean bookmarks;
    private final boolean initialEventsEnd;
    private final boolean table;
    private final String includeObject;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    private Feed(HttpServletRequest req, Served served, RequestInfo info, Predicate<ObjectNode> filter) {
      this.served = served;
      ResourceType type = served.type();
      this.timeout = timeout(req.getParameter("timeoutSeconds"));
      this.bookmarks = "true".equals(req.getParameter("allowWatchBookmarks"));
      this.table = ObjectResponder.wantsTable(req);
      this.includeObject = req.getParameter("includeObject");
      String rv = req.getParameter("resourceVersion");
      this.matches = nameFilter(info, filter);
      // Streaming lists (WatchList): sendInitialEvents=true sends the current state, then a
      // bookmark marking its end, then changes — which is why Kubernetes insists on bookmarks.
      String initialEvents = req.getParameter("sendInitialEvents");
      boolean sendInitial = "true".equals(initialEvents);
      if (sendInitial && !bookmarks) {
        throw ApiException.badRequest("sendInitialEvents requires setting allowWatchBookmarks to true");
      }
      if (sendInitial && rv != null && !rv.isEmpty() && !"NotOlderThan".equals(req.getParameter("resourceVersionMatch"))) {
        throw ApiException.badRequest("sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
      }
      this.initialEventsEnd = sendInitial;
      if ("false".equals(initialEvents) && (rv == null || rv.isEmpty())) {
        // Explicitly no initial state: start at the newest revision.
        this.initial = List.of();
        this.startRevision = registry.storage().currentRevision();
      } else if (sendInitial || rv == null || rv.isEmpty() || rv.equals("0")) {
        // No version: the client wants the current state first, as synthetic ADDED events; "0"
        // accepts any recent state, so the cache answers it.
        ListResult current = registry.list(served, info.namespace(), new ListOptions(matches, 0, null, "0".equals(rv)));
        this.initial = current.items();
        this.startRevision = current.resourceVersion();
      } else {
        this.initial = List.of();
        try {
          this.startRevision = Long.parseLong(rv);
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("resourceVersion must be an integer for a watch, got \"" + rv + "\"");
        }
      }
      this.watch = registry.storage().watch(type.listPrefix(info.namespace()), startRevision,
          new Storage.WatchListener() {
            @Override
            public void onEvent(Storage.WatchEvent e) {
              queue.add(new Change(e));
            }

            @Override
            public void onClose(StorageException error) {
              queue.add(new Closed(error));
            }
          });
      open.incrementAndGet();
    }

    /** Pumps events into {@code sink} until the timeout, the store ends the watch, or {@link #close()}. */
    void run(EventSink sink) throws IOException, InterruptedException {
      boolean first = true;
      for (ObjectNode o : initial) {
        sink.send(event("ADDED", render(o, first)));
        first = false;
      }
      if (initialEventsEnd) {
        ObjectNode end = bookmark(served.type(), startRevision);
        Json.objectAt(Json.objectAt(end, "metadata"), "annotations").put("k8s.io/initial-events-end", "true");
        sink.send(event("BOOKMARK", end));
      }
      long lastRevision = startRevision;
      Instant deadline = Instant.now().plus(timeout);
      Instant nextBookmark = Instant.now().plus(BOOKMARK_EVERY);
      while (!closed && Instant.now().isBefore(deadline)) {
        Signal s = queue.poll(1, TimeUnit.SECONDS);
        if (s instanceof Closed c) {
          if (c.error() != null) {
            ApiException err = c.error().code() == StorageException.Code.COMPACTED
                ? ApiException.gone("too old resource version: " + startRevision)
                : ApiException.unavailable(c.error().getMessage());
            sink.send(event("ERROR", err.toStatus()));
          }
          return;
        }
        if (s instanceof Change c) {
          lastRevision = c.event().revision();
          Event ev = toEvent(served.type(), c.event(), matches);
          if (ev != null) {
            sink.send(event(ev.type(), render(ev.object(), first)));
            first = false;
          }
        }
        if (bookmarks && Instant.now().isAfter(nextBookmark)) {
          sink.send(event("BOOKMARK", bookmark(served.type(), lastRevision)));
          nextBookmark = Instant.now().plus(BOOKMARK_EVERY);
        }
      }
    }

    private ObjectNode render(ObjectNode obj, boolean withColumns) {
      if (!table) return obj;
      return tables.render(served, List.of(obj), Json.text(obj, "metadata.resourceVersion"), null, null,
          includeObject, withColumns);
    }

    @Override
    public void close() {
      closed = true;
      watch.close();
      if (released.compareAndSet(false, true)) open.decrementAndGet();
    }
  }

  void serve(HttpServletRequest req, HttpServletResponse resp, Served served, RequestInfo info,
      Predicate<ObjectNode> filter) throws IOException {
    Feed feed = new Feed(req, served, info, filter);
    if (WebSocketWatch.requested(req)) {
      WebSocketWatch.upgrade(req, resp, feed, webSocketWatches);
      return;
    }
    resp.setStatus(200);
    resp.setContentType("application/json");
    ServletOutputStream out = resp.getOutputStream();
    out.flush(); // commit the headers now: clients wait for them before the first event
    try (feed) {
      feed.run(event -> {
        out.write(Json.MAPPER.writeValueAsBytes(event));
        out.write('\n');
        out.flush();
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The client closed the stream; ending the watch is all there is to do.
    }
  }

  private static ObjectNode event(String type, ObjectNode object) {
    ObjectNode ev = Json.object();
    ev.put("type", type);
    ev.set("object", object);
    return ev;
  }

  /** Turns a storage change into the event this watcher sees, honouring selector transitions. */
  private static Event toEvent(ResourceType type, Storage.WatchEvent e, Predicate<ObjectNode> matches) {
    ObjectNode now = e.value() == null ? null : ObjectCodec.decodeStored(type, e.value(), e.revision());
    ObjectNode before = e.previous() == null ? null : ObjectCodec.decodeStored(type, e.previous(), e.revision());
    boolean nowMatches = now != null && matches.test(now);
    boolean beforeMatched = before != null && matches.test(before);
    return switch (e.type()) {
      case ADDED -> nowMatches ? new Event("ADDED", now) : null;
      case MODIFIED -> nowMatches ? new Event(beforeMatched || before == null ? "MODIFIED" : "ADDED", now)
          : beforeMatched ? new Event("DELETED", now) : null;
      case DELETED -> beforeMatched ? new Event("DELETED", before) : null;
    };
  }

  private static Predicate<ObjectNode> nameFilter(RequestInfo info, Predicate<ObjectNode> filter) {
    if (info.name() == null) return filter;
    return filter.and(o -> info.name().equals(Json.text(o, "metadata.name")));
  }

  private static ObjectNode bookmark(ResourceType type, long revision) {
    ObjectNode o = Json.object();
    o.put("kind", type.kind());
    o.put("apiVersion", type.apiVersion());
    o.putObject("metadata").put("resourceVersion", Long.toString(revision));
    return o;
  }

  private static Duration timeout(String param) {
    if (param == null || param.isEmpty()) return MAX_TIMEOUT;
    try {
      long s = Long.parseLong(param);
      return s <= 0 ? MAX_TIMEOUT : Duration.ofSeconds(Math.min(s, MAX_TIMEOUT.toSeconds()));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("timeoutSeconds must be an integer, got \"" + param + "\"");
    }
  }
}
