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
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code ?watch=true} as Kubernetes does: a chunked stream of one JSON event per line,
 * filtered by the request's selectors, Table-shaped when kubectl asked for tables, ending after
 * {@code timeoutSeconds}. Until the Kafka-fed watch cache arrives, each stream is an etcd watch.
 */
@Component
public class WatchStreamer {
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration BOOKMARK_EVERY = Duration.ofSeconds(15);

  private final GenericRegistry registry;
  private final TableRenderer tables;

  public WatchStreamer(GenericRegistry registry, TableRenderer tables) {
    this.registry = registry;
    this.tables = tables;
  }

  private sealed interface Signal permits Event, Closed {}

  private record Event(String type, ObjectNode object) implements Signal {}

  private record Closed(StorageException error) implements Signal {}

  void serve(HttpServletRequest req, HttpServletResponse resp, Served served, RequestInfo info,
      Predicate<ObjectNode> filter) throws IOException {
    ResourceType type = served.type();
    Duration timeout = timeout(req.getParameter("timeoutSeconds"));
    boolean bookmarks = "true".equals(req.getParameter("allowWatchBookmarks"));
    boolean table = ObjectResponder.wantsTable(req);
    String rvParam = req.getParameter("resourceVersion");
    Predicate<ObjectNode> matches = nameFilter(info, filter);

    BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
    long startRevision;
    List<ObjectNode> initial = List.of();
    if (rvParam == null || rvParam.isEmpty() || rvParam.equals("0")) {
      // No version: the client wants the current state first, as synthetic ADDED events.
      ListResult current = registry.list(served, info.namespace(), new ListOptions(matches, 0, null));
      initial = current.items();
      startRevision = current.resourceVersion();
    } else {
      try {
        startRevision = Long.parseLong(rvParam);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("resourceVersion must be an integer for a watch, got \"" + rvParam + "\"");
      }
    }

    Storage.Watch watch = registry.storage().watch(type.listPrefix(info.namespace()), startRevision,
        new Storage.WatchListener() {
          @Override
          public void onEvent(Storage.WatchEvent e) {
            Event ev = toEvent(type, e, matches);
            if (ev != null) queue.add(ev);
          }

          @Override
          public void onClose(StorageException error) {
            queue.add(new Closed(error));
          }
        });
    resp.setStatus(200);
    resp.setContentType("application/json");
    ServletOutputStream out = resp.getOutputStream();
    boolean[] firstTable = {true};
    long lastRevision = startRevision;
    try {
      for (ObjectNode o : initial) send(out, served, "ADDED", o, table, firstTable, req);
      out.flush();
      Instant deadline = Instant.now().plus(timeout);
      Instant nextBookmark = Instant.now().plus(BOOKMARK_EVERY);
      while (Instant.now().isBefore(deadline)) {
        Signal s = queue.poll(1, TimeUnit.SECONDS);
        if (s instanceof Closed c) {
          if (c.error() != null) {
            ApiException err = c.error().code() == StorageException.Code.COMPACTED
                ? ApiException.gone("too old resource version: " + startRevision)
                : ApiException.unavailable(c.error().getMessage());
            writeLine(out, "ERROR", err.toStatus());
          }
          break;
        }
        if (s instanceof Event ev) {
          send(out, served, ev.type(), ev.object(), table, firstTable, req);
          lastRevision = Long.parseLong(Json.text(ev.object(), "metadata.resourceVersion"));
          out.flush();
        }
        if (bookmarks && Instant.now().isAfter(nextBookmark)) {
          writeLine(out, "BOOKMARK", bookmark(type, lastRevision));
          out.flush();
          nextBookmark = Instant.now().plus(BOOKMARK_EVERY);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The client closed the stream; ending the watch is all there is to do.
    } finally {
      watch.close();
    }
  }

  private void send(ServletOutputStream out, Served served, String type, ObjectNode obj, boolean table,
      boolean[] firstTable, HttpServletRequest req) throws IOException {
    ObjectNode payload = obj;
    if (table) {
      payload = tables.render(served, List.of(obj), Json.text(obj, "metadata.resourceVersion"), null, null,
          req.getParameter("includeObject"), firstTable[0]);
      firstTable[0] = false;
    }
    writeLine(out, type, payload);
  }

  private static void writeLine(ServletOutputStream out, String type, ObjectNode object) throws IOException {
    ObjectNode ev = Json.object();
    ev.put("type", type);
    ev.set("object", object);
    out.write(Json.MAPPER.writeValueAsBytes(ev));
    out.write('\n');
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
