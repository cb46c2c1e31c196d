package io.capstan.apiserver.web;

import io.capstan.apiserver.registry.ListResult;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes objects and lists as JSON, or as a Table when the client asked for one. */
@Component
public class ObjectResponder {
  private final TableRenderer tables;

  public ObjectResponder(TableRenderer tables) {
    this.tables = tables;
  }

  /** kubectl asks for {@code application/json;as=Table;v=v1;g=meta.k8s.io} when it prints columns. */
  public static boolean wantsTable(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }

  public void object(HttpServletRequest req, HttpServletResponse resp, Served served, ObjectNode obj, int status)
      throws IOException {
    if (wantsTable(req) && req.getMethod().equals("GET")) {
      write(resp, status, tables.render(served, List.of(obj), Json.text(obj, "metadata.resourceVersion"), null, null,
          req.getParameter("includeObject"), true));
    } else {
      write(resp, status, obj);
    }
  }

  public void list(HttpServletRequest req, HttpServletResponse resp, Served served, ListResult result)
      throws IOException {
    String rv = Long.toString(result.resourceVersion());
    if (wantsTable(req)) {
      write(resp, 200, tables.render(served, result.items(), rv, result.continueToken(),
          result.remainingItemCount(), req.getParameter("includeObject"), true));
      return;
    }
    ObjectNode list = Json.object();
    list.put("kind", served.type().listKind());
    list.put("apiVersion", served.type().apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", rv);
    if (result.continueToken() != null) meta.put("continue", result.continueToken());
    if (result.remainingItemCount() != null) meta.put("remainingItemCount", result.remainingItemCount());
    ArrayNode items = list.putArray("items");
    result.items().forEach(items::add);
    write(resp, 200, list);
  }

  public static void write(HttpServletResponse resp, int status, ObjectNode body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
  }
}
