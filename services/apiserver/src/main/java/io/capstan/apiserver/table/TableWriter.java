package io.capstan.apiserver.table;

import io.capstan.apiserver.table.TableConvertor.Column;
import io.capstan.apiserver.table.TableConvertor.RowCondition;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds {@code meta.k8s.io/v1 Table} documents, as Kubernetes answers a request whose Accept
 * header asks for {@code as=Table;v=v1;g=meta.k8s.io}. Immutable; configure with the wither
 * methods:
 *
 * <pre>{@code
 * TableWriter w = TableWriter.of(Tables.forResource(type))
 *     .includeObject(IncludeObject.fromQuery(request.getParameter("includeObject")))
 *     .objectType(type.apiVersion(), type.kind());
 * ObjectNode table = w.list(items, listResourceVersion, continueToken);
 * ObjectNode oneRow = w.single(object);                      // GET of one object, watch events
 * ObjectNode later = w.columnDefinitions(false).single(obj); // watch events after the first
 * }</pre>
 */
public final class TableWriter {

  /** Kubernetes' {@code includeObject} query parameter: what {@code rows[].object} carries. */
  public enum IncludeObject {
    /** No object. */
    NONE,
    /** A {@code PartialObjectMetadata} with the object's metadata (the default). */
    METADATA,
    /** The whole object. */
    OBJECT;

    /** Parses "None", "Metadata" or "Object"; null or empty gives METADATA. */
    public static IncludeObject fromQuery(String value) {
      if (value == null || value.isEmpty()) return METADATA;
      return switch (value) {
        case "None" -> NONE;
        case "Metadata" -> METADATA;
        case "Object" -> OBJECT;
        default -> throw ApiException.badRequest("unrecognized includeObject value: \"" + value + "\"");
      };
    }
  }

  private final TableConvertor convertor;
  private final IncludeObject includeObject;
  private final boolean columnDefinitions;
  private final String apiVersion;
  private final String kind;

  private TableWriter(TableConvertor convertor, IncludeObject includeObject, boolean columnDefinitions,
      String apiVersion, String kind) {
    this.convertor = convertor;
    this.includeObject = includeObject;
    this.columnDefinitions = columnDefinitions;
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  /** A writer with includeObject=Metadata and column definitions. */
  public static TableWriter of(TableConvertor convertor) {
    return new TableWriter(convertor, IncludeObject.METADATA, true, null, null);
  }

  public TableWriter includeObject(IncludeObject value) {
    return new TableWriter(convertor, value, columnDefinitions, apiVersion, kind);
  }

  /** False writes {@code "columnDefinitions":[]} (allowed for watch events after the first). */
  public TableWriter columnDefinitions(boolean include) {
    return new TableWriter(convertor, includeObject, include, apiVersion, kind);
  }

  /** Kind and apiVersion filled into objects that lack them, with includeObject=Object. */
  public TableWriter objectType(String apiVersion, String kind) {
    return new TableWriter(convertor, includeObject, columnDefinitions, apiVersion, kind);
  }

  /** A table of a list; {@code continueToken} and {@code remainingItemCount} may be null. */
  public ObjectNode list(List<? extends JsonNode> items, String resourceVersion, String continueToken,
      Long remainingItemCount) {
    ObjectNode table = header(resourceVersion, continueToken, remainingItemCount);
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) rows.add(row(item));
    return table;
  }

  public ObjectNode list(List<? extends JsonNode> items, String resourceVersion, String continueToken) {
    return list(items, resourceVersion, continueToken, null);
  }

  /** A one-row table for one object; its resourceVersion is the object's. */
  public ObjectNode single(JsonNode object) {
    ObjectNode table = header(Json.text(object, "metadata.resourceVersion"), null, null);
    table.putArray("rows").add(row(object));
    return table;
  }

  private ObjectNode header(String resourceVersion, String continueToken, Long remainingItemCount) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) meta.put("resourceVersion", resourceVersion);
    if (continueToken != null && !continueToken.isEmpty()) meta.put("continue", continueToken);
    if (remainingItemCount != null) meta.put("remainingItemCount", remainingItemCount);
    ArrayNode defs = table.putArray("columnDefinitions");
    if (columnDefinitions) {
      for (Column c : convertor.columns()) {
        ObjectNode d = defs.addObject();
        d.put("name", c.name());
        d.put("type", c.type());
        d.put("format", c.format() == null ? "" : c.format());
        d.put("description", c.description() == null ? "" : c.description());
        d.put("priority", c.priority());
      }
    }
    return table;
  }

  private ObjectNode row(JsonNode object) {
    ObjectNode row = Json.object();
    ArrayNode cells = row.putArray("cells");
    for (Object cell : convertor.cells(object)) addCell(cells, cell);
    List<RowCondition> conditions = convertor.conditions(object);
    if (!conditions.isEmpty()) {
      ArrayNode cs = row.putArray("conditions");
      for (RowCondition c : conditions) {
        ObjectNode cn = cs.addObject();
        cn.put("type", c.type());
        cn.put("status", c.status());
        if (c.reason() != null) cn.put("reason", c.reason());
        if (c.message() != null) cn.put("message", c.message());
      }
    }
    switch (includeObject) {
      case METADATA -> row.set("object", partialObjectMetadata(object));
      case OBJECT -> row.set("object", fullObject(object));
      case NONE -> { }
    }
    return row;
  }

  private static void addCell(ArrayNode cells, Object cell) {
    if (cell == null) cells.addNull();
    else if (cell instanceof String s) cells.add(s);
    else if (cell instanceof Long l) cells.add(l);
    else if (cell instanceof Integer i) cells.add(i.longValue());
    else if (cell instanceof Boolean b) cells.add(b);
    else if (cell instanceof Double d) cells.add(d);
    else if (cell instanceof Float f) cells.add(f.doubleValue());
    else if (cell instanceof JsonNode n) cells.add(n);
    else cells.add(cell.toString());
  }

  /** The object's metadata without managedFields, as {@code meta.k8s.io/v1 PartialObjectMetadata}. */
  static ObjectNode partialObjectMetadata(JsonNode object) {
    ObjectNode p = Json.object();
    p.put("kind", "PartialObjectMetadata");
    p.put("apiVersion", "meta.k8s.io/v1");
    JsonNode meta = object.get("metadata");
    ObjectNode m = meta instanceof ObjectNode o ? o.deepCopy() : Json.object();
    m.remove("managedFields");
    p.set("metadata", m);
    return p;
  }

  private ObjectNode fullObject(JsonNode object) {
    ObjectNode copy = object instanceof ObjectNode o ? o.deepCopy() : Json.object();
    if (kind != null && !copy.has("kind")) copy.put("kind", kind);
    if (apiVersion != null && !copy.has("apiVersion")) copy.put("apiVersion", apiVersion);
    if (kind != null || apiVersion != null) reorderTypeMetaFirst(copy);
    return copy;
  }

  /** kind and apiVersion first, as Kubernetes serializes them. */
  private static void reorderTypeMetaFirst(ObjectNode o) {
    ObjectNode ordered = Json.object();
    for (String k : List.of("kind", "apiVersion")) {
      if (o.has(k)) ordered.set(k, o.get(k));
    }
    o.properties().forEach(e -> {
      if (!e.getKey().equals("kind") && !e.getKey().equals("apiVersion")) {
        ordered.set(e.getKey(), e.getValue());
      }
    });
    o.removeAll();
    o.setAll(ordered);
  }
}
