package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.openapi.SchemaLookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A node's type for structured merge, read from OpenAPI v3 as Kubernetes' {@code schemaconv}
 * reads it. A type offers up to three atoms (scalar, list, map); the value picks one.
 * <ul>
 *   <li>Lists are atomic unless {@code x-kubernetes-list-type} is {@code set} or {@code map}
 *       (keys from {@code x-kubernetes-list-map-keys}), or, lacking it, the patch strategy is
 *       {@code merge} (key from {@code x-kubernetes-patch-merge-key}; none means a set).
 *   <li>Maps are granular unless {@code x-kubernetes-map-type: atomic}. Undeclared keys take the
 *       {@code additionalProperties} type; an object with no properties (or preserving unknown
 *       fields) takes the <em>deduced</em> type: granular maps, atomic lists.
 *   <li>No schema at all is the deduced type, as upstream treats unstructured objects.
 * </ul>
 */
public final class SchemaType {
  private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  private static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";

  /** The atom a value is handled as. */
  enum Atom { SCALAR, LIST, MAP }

  private enum Element { TYPED, DEDUCED, UNTYPED_ATOMIC, NONE }

  private static final SchemaType UNTYPED_ATOMIC = builtIn(true, true, true, Element.UNTYPED_ATOMIC);
  private static final SchemaType DEDUCED = builtIn(true, false, true, Element.DEDUCED);
  private static final SchemaType QUANTITY_TYPE = builtIn(false, false, false, Element.NONE);

  private final SchemaLookup lookup;
  private final boolean scalar;
  private final boolean list;
  private final boolean map;
  private final boolean mapAtomic;
  private final boolean listAtomic;
  private final JsonNode properties;
  private final Element elementKind;
  private final JsonNode elementSchema;
  private final boolean preserveUnknown;
  private final List<String> keys;
  private final Element itemKind;
  private final JsonNode itemSchema;
  private final boolean goStruct;
  private final Set<String> required;
  // Lazily resolved children; instances come from one request and are not shared across threads.
  private final Map<String, SchemaType> fields = new HashMap<>();
  private SchemaType item;

  private SchemaType(SchemaLookup lookup, boolean scalar, boolean list, boolean map, boolean mapAtomic,
      boolean listAtomic, JsonNode properties, Element elementKind, JsonNode elementSchema,
      boolean preserveUnknown, List<String> keys, Element itemKind, JsonNode itemSchema, boolean goStruct,
      Set<String> required) {
    this.lookup = lookup;
    this.scalar = scalar;
    this.list = list;
    this.map = map;
    this.mapAtomic = mapAtomic;
    this.listAtomic = listAtomic;
    this.properties = properties;
    this.elementKind = elementKind;
    this.elementSchema = elementSchema;
    this.preserveUnknown = preserveUnknown;
    this.keys = keys;
    this.itemKind = itemKind;
    this.itemSchema = itemSchema;
    this.goStruct = goStruct;
    this.required = required;
  }

  /** Upstream's {@code __untyped_atomic_}, {@code __untyped_deduced_} and the Quantity scalar. */
  private static SchemaType builtIn(boolean containers, boolean mapAtomic, boolean listAtomic, Element element) {
    return new SchemaType(null, true, containers, containers, mapAtomic, listAtomic, null, element, null, false,
        List.of(), containers ? Element.UNTYPED_ATOMIC : Element.NONE, null, false, Set.of());
  }

  /** The type of a kind's objects, or the deduced type when the kind has no schema. */
  public static SchemaType root(SchemaLookup lookup, String apiVersion, String kind) {
    if (lookup == null || apiVersion == null || kind == null) return DEDUCED;
    return lookup.root(apiVersion, kind).map(s -> of(s, lookup, false, compiledIn(s))).orElse(DEDUCED);
  }

  /** The type of an OpenAPI v3 schema node ({@code $ref}s are followed through the lookup). */
  public static SchemaType of(JsonNode schema, SchemaLookup lookup) {
    return of(schema, Objects.requireNonNull(lookup), false, false);
  }

  /**
   * Whether a kind is compiled into Kubernetes (a Go type) rather than a custom resource. Both
   * refer to ObjectMeta for their metadata, but only Go types refer to named {@code io.k8s.}
   * schemas for their other fields; a CRD's schema is written inline. (A kind whose only struct is
   * its metadata, such as ConfigMap, has no Go zero values to tell apart at its top level.)
   */
  private static boolean compiledIn(JsonNode root) {
    JsonNode props = root.path("properties");
    for (String name : props.propertyNames()) {
      if (name.equals("metadata")) continue;
      JsonNode p = props.get(name);
      String ref = refOf(p);
      if (ref == null) ref = refOf(p.get("items"));
      if (ref != null && ref.substring(ref.lastIndexOf('/') + 1).startsWith("io.k8s.")) return true;
    }
    return false;
  }

  public static SchemaType deduced() {
    return DEDUCED;
  }

  private static SchemaType of(JsonNode raw, SchemaLookup lookup, boolean inheritedPreserve) {
    String ref = refOf(raw);
    boolean compiledIn = ref != null && ref.substring(ref.lastIndexOf('/') + 1).startsWith("io.k8s.");
    return of(raw, lookup, inheritedPreserve, compiledIn);
  }

  private static SchemaType of(JsonNode raw, SchemaLookup lookup, boolean inheritedPreserve, boolean compiledIn) {
    String ref = refOf(raw);
    if (ref != null && ref.endsWith(QUANTITY)) return QUANTITY_TYPE;
    if (ref != null && ref.endsWith(RAW_EXTENSION)) return UNTYPED_ATOMIC;
    JsonNode s = lookup.resolve(raw);
    // A named type is converted on its own, so preserve-unknown-fields does not cross a $ref.
    boolean preserve = (ref == null && inheritedPreserve)
        || s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    JsonNode typeNode = s.path("type");
    String type = typeNode.isArray() ? typeNode.path(0).asString("") : typeNode.asString("");
    boolean isScalar = switch (type) {
      case "", "integer", "number", "string", "boolean" -> true;
      case "object", "array" -> false;
      default -> true;
    };
    boolean isList = type.isEmpty() || type.equals("array");
    boolean isMap = type.isEmpty() || type.equals("object");

    JsonNode props = s.path("properties").isObject() && s.path("properties").size() > 0 ? s.get("properties") : null;
    JsonNode additional = s.get("additionalProperties");
    Element element;
    JsonNode elementSchema = null;
    if (additional == null || additional.isNull()) {
      element = preserve || props == null ? Element.DEDUCED : Element.NONE;
    } else if (additional.isObject()) {
      element = Element.TYPED;
      elementSchema = additional;
    } else {
      element = additional.asBoolean(false) ? Element.DEDUCED : Element.NONE;
    }
    boolean mapAtomic = "atomic".equals(s.path("x-kubernetes-map-type").asString(""));

    List<String> keys = new ArrayList<>();
    boolean listAtomic = listAtomic(s, keys);
    JsonNode items = s.get("items");
    if (items != null && items.isArray()) items = items.size() == 1 ? items.get(0) : null;
    Element itemKind = items != null && items.isObject() ? Element.TYPED : Element.UNTYPED_ATOMIC;
    Set<String> required = new HashSet<>();
    for (JsonNode r : s.path("required")) required.add(r.asString());
    return new SchemaType(lookup, isScalar, isList, isMap, mapAtomic, listAtomic, props, element,
        elementSchema, preserve, List.copyOf(keys), itemKind, itemKind == Element.TYPED ? items : null,
        compiledIn && props != null, required);
  }

  private static boolean listAtomic(JsonNode s, List<String> keys) {
    JsonNode listType = s.get("x-kubernetes-list-type");
    if (listType != null && !listType.isNull()) {
      switch (listType.asString("")) {
        case "set":
          return false;
        case "map":
          for (JsonNode k : s.path("x-kubernetes-list-map-keys")) keys.add(k.asString());
          return false;
        default:
          return true;
      }
    }
    String strategy = s.path("x-kubernetes-patch-strategy").asString("");
    if (strategy.equals("merge") || strategy.equals("merge,retainKeys")) {
      JsonNode key = s.get("x-kubernetes-patch-merge-key");
      if (key != null && key.isString()) keys.add(key.stringValue());
      return false;
    }
    return true;
  }

  private static String refOf(JsonNode raw) {
    if (raw == null) return null;
    JsonNode ref = raw.get("$ref");
    if (ref != null && ref.isString()) return ref.stringValue();
    JsonNode allOf = raw.get("allOf");
    if (allOf != null && allOf.isArray() && allOf.size() == 1 && allOf.get(0).path("$ref").isString()) {
      return allOf.get(0).get("$ref").stringValue();
    }
    return null;
  }

  /**
   * The atom a value is handled as: its own kind when the type offers it, else the type's first
   * of map, scalar, list (upstream's {@code deduceAtom} then {@code handleAtom}).
   */
  Atom atomFor(JsonNode v) {
    if (v != null && !v.isNull()) {
      if (v.isObject() && map) return Atom.MAP;
      if (v.isArray() && list) return Atom.LIST;
      if (v.isValueNode() && scalar) return Atom.SCALAR;
    }
    if (map) return Atom.MAP;
    if (scalar) return Atom.SCALAR;
    return Atom.LIST;
  }

  boolean isMapAtomic() { return mapAtomic; }
  boolean isListAtomic() { return listAtomic; }
  List<String> listKeys() { return keys; }
  boolean hasMap() { return map; }
  boolean hasList() { return list; }

  /** Whether the map declares this field (a struct field, as opposed to a map entry). */
  boolean declares(String name) {
    return properties != null && properties.has(name);
  }

  /** The names of the declared fields. */
  Iterator<String> declaredFields() {
    return properties == null ? Collections.emptyIterator() : properties.propertyNames().iterator();
  }

  /** Whether a key the map does not declare is still allowed (it has an element type). */
  boolean allowsUndeclared() {
    return elementKind != Element.NONE;
  }

  /** The type of a field or entry; undeclared fields of a closed map are treated as deduced. */
  SchemaType field(String name) {
    if (lookup == null) return elementKind == Element.UNTYPED_ATOMIC ? UNTYPED_ATOMIC : DEDUCED;
    return fields.computeIfAbsent(name, n -> {
      if (declares(n)) return of(properties.get(n), lookup, preserveUnknown);
      return switch (elementKind) {
        case TYPED -> of(elementSchema, lookup, preserveUnknown);
        case UNTYPED_ATOMIC -> UNTYPED_ATOMIC;
        case DEDUCED, NONE -> DEDUCED;
      };
    });
  }

  /** Whether values of this type are Go structs, which Kubernetes compares with their zero fields filled in. */
  boolean isGoStruct() {
    return goStruct;
  }

  /**
   * The value an absent field has in a Go struct, by openapi-gen's conventions: a non-pointer
   * struct defaults to {@code {}}; other fields without {@code omitempty} are {@code required},
   * holding their default (a zero scalar) or null (nil pointer, slice, map). Null when the field is
   * simply absent.
   */
  JsonNode goZeroValue(String name) {
    JsonNode def = fieldDefault(name);
    if (def != null && def.isObject()) return def;
    if (!required.contains(name)) return null;
    return def != null ? def : NullNode.getInstance();
  }

  /** The schema default of a declared field, used for list-map keys an item omits. */
  JsonNode fieldDefault(String name) {
    if (!declares(name)) return null;
    JsonNode raw = properties.get(name);
    JsonNode d = raw.get("default");
    if (d == null && lookup != null) d = lookup.resolve(raw).get("default");
    return d == null || d.isNull() ? null : d;
  }

  /** The type of list items. */
  SchemaType item() {
    if (itemKind != Element.TYPED) return UNTYPED_ATOMIC;
    if (item == null) item = itemKind == Element.TYPED ? of(itemSchema, lookup, preserveUnknown) : UNTYPED_ATOMIC;
    return item;
  }
}
