package io.capstan.apiserver.openapi;

import io.capstan.apiserver.crd.CustomResourceStrategy;
import io.capstan.apiserver.openapi.GroupVersionDocument.Resource;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /openapi/v3} index and one document per served group-version, as Kubernetes 1.32
 * serves them: built-in kinds with Kubernetes' own schemas ({@link KubeSchemas}), custom
 * resources with their CRD's {@code openAPIV3Schema}. Nothing is built at startup; the index
 * (hit by every {@code kubectl apply}) and each document are built on first use and cached until
 * the served set changes, when the next request rebuilds them.
 *
 * <p>Also the server's {@link SchemaLookup}: the schemas of every built-in and custom kind, for
 * strategic merge patch and field validation.
 */
@Component
public class OpenApiDocuments implements SchemaLookup {
  private static final String REF = "#/components/schemas/";
  /**
   * Part of every document hash, with the schemas' digest and the served resources: kubectl caches a
   * document by its hash for good, so change this whenever the layout of the documents changes.
   */
  private static final String LAYOUT = "capstan-openapi-2";

  /** A serialized document and the hash its index entry carries. */
  public record Document(byte[] json, String hash) {}

  private final ResourceCatalog catalog;
  private final CustomResourceDefinitionSource crds;
  /** Bumped on every change of the served set; a state built from an older one is rebuilt. */
  private final AtomicLong generation = new AtomicLong();
  private volatile State state;

  public OpenApiDocuments(ResourceCatalog catalog, CustomResourceDefinitionSource crds) {
    this.catalog = catalog;
    this.crds = crds;
    catalog.onChange(generation::incrementAndGet);
  }

  /** The index: {@code {"paths": {"apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=…"}}}}. */
  public ObjectNode index() {
    ObjectNode idx = Json.object();
    ObjectNode paths = idx.putObject("paths");
    state().groupVersions.forEach((path, gv) ->
        paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + gv.hash));
    return idx;
  }

  /** The document of "api/v1" or "apis/apps/v1", built on first use. */
  public Optional<Document> document(String groupVersionPath) {
    State s = state();
    GroupVersion gv = s.groupVersions.get(groupVersionPath);
    if (gv == null) return Optional.empty();
    return Optional.of(s.documents.computeIfAbsent(groupVersionPath, p -> new Document(
        Json.MAPPER.writeValueAsBytes(GroupVersionDocument.build(gv.resources, s::schema)), gv.hash)));
  }

  @Override
  public Optional<JsonNode> root(String apiVersion, String kind) {
    State s = state();
    String name = s.kinds.get(apiVersion + "/" + kind);
    if (name == null) {
      // Not served, but Kubernetes knows it (a subresource's kind such as autoscaling/v1 Scale).
      name = KubeSchemas.get().prefix(apiVersion).map(p -> p + "." + kind).orElse(null);
    }
    return name == null ? Optional.empty() : Optional.ofNullable(s.schema(name));
  }

  @Override
  public JsonNode resolve(JsonNode schema) {
    if (schema == null || !schema.isObject()) return Json.object();
    JsonNode ref = schema.get("$ref");
    if (ref == null) {
      JsonNode allOf = schema.get("allOf");
      if (allOf == null || !allOf.isArray() || allOf.size() != 1 || !allOf.get(0).has("$ref")) return schema;
      ref = allOf.get(0).get("$ref");
    }
    String r = ref.asString("");
    ObjectNode target = r.startsWith(REF) ? state().schema(r.substring(REF.length())) : null;
    if (target == null) return Json.object();
    boolean extensions = false;
    for (String f : schema.propertyNames()) extensions |= f.startsWith("x-");
    if (!extensions) return target;
    ObjectNode merged = target.deepCopy();
    for (Map.Entry<String, JsonNode> e : schema.properties()) {
      if (!e.getKey().equals("$ref") && !e.getKey().equals("allOf")) merged.set(e.getKey(), e.getValue());
    }
    return merged;
  }

  private State state() {
    State s = state;
    if (s != null && s.generation == generation.get()) return s;
    synchronized (this) {
      while (state == null || state.generation != generation.get()) state = build(generation.get());
      return state;
    }
  }

  /** One group-version's served resources and the hash of everything its document is made from. */
  private record GroupVersion(List<Resource> resources, String hash) {}

  /** Everything derived from one snapshot of the served set. */
  private static final class State {
    final long generation;
    final Map<String, GroupVersion> groupVersions = new TreeMap<>();
    /** "apps/v1/Deployment" → schema name. */
    final Map<String, String> kinds = new HashMap<>();
    /** Kind and list schemas carrying their gvk, and custom resources' schemas. */
    final Map<String, ObjectNode> own = new HashMap<>();
    final Map<String, Document> documents = new ConcurrentHashMap<>();

    State(long generation) {
      this.generation = generation;
    }

    ObjectNode schema(String name) {
      ObjectNode s = own.get(name);
      return s != null ? s : KubeSchemas.get().schema(name).orElse(null);
    }
  }

  private State build(long generation) {
    State st = new State(generation);
    KubeSchemas kube = KubeSchemas.get();
    Map<String, List<Served>> byPath = new LinkedHashMap<>();
    for (Served s : catalog.all()) byPath.computeIfAbsent(pathOf(s.type()), k -> new ArrayList<>()).add(s);
    Map<String, Optional<JsonNode>> crdCache = new HashMap<>();
    byPath.forEach((path, served) -> {
      StringBuilder hashed = new StringBuilder(LAYOUT).append(kube.digest());
      List<Resource> resources = new ArrayList<>();
      for (Served s : served) {
        ResourceType t = s.type();
        String kindName;
        String listName;
        if (s.strategy() instanceof CustomResourceStrategy) {
          kindName = CustomResourceSchemas.name(t.group(), t.version(), t.kind());
          listName = CustomResourceSchemas.name(t.group(), t.version(), t.listKind());
          JsonNode crd = crdCache.computeIfAbsent(t.plural() + "." + t.group(), crds::find).orElse(null);
          JsonNode schema = crd == null ? null : CustomResourceSchemas.versionSchema(crd, t.version());
          ObjectNode kind = CustomResourceSchemas.kind(schema, t.group(), t.version(), t.kind());
          st.own.put(kindName, kind);
          st.own.put(listName, CustomResourceSchemas.list(kindName, t.group(), t.version(), t.kind(),
              t.listKind(), t.plural()));
          hashed.append(kind);
        } else {
          String prefix = kube.prefix(t.apiVersion()).orElse(null);
          ObjectNode kind = prefix == null ? null : kube.schema(prefix + "." + t.kind()).orElse(null);
          if (kind == null) {
            prefix = "io.capstan.unknown." + t.group() + "." + t.version();
            st.own.put(prefix + "." + t.kind(), GroupVersionDocument.open(s, t.kind()));
            st.own.put(prefix + "." + t.listKind(), GroupVersionDocument.open(s, t.listKind()));
          } else {
            st.own.put(prefix + "." + t.kind(), GroupVersionDocument.withGvk(kind, t.group(), t.version(), t.kind()));
            String list = prefix + "." + t.listKind();
            kube.schema(list).ifPresent(l -> st.own.put(list,
                GroupVersionDocument.withGvk(l, t.group(), t.version(), t.listKind())));
          }
          kindName = prefix + "." + t.kind();
          listName = prefix + "." + t.listKind();
        }
        st.kinds.putIfAbsent(t.apiVersion() + "/" + t.kind(), kindName);
        resources.add(new Resource(t, kindName, listName));
        hashed.append(t);
      }
      st.groupVersions.put(path, new GroupVersion(resources, hash(hashed.toString())));
    });
    return st;
  }

  /** Index path of a group-version: "api/v1" or "apis/apps/v1". */
  static String pathOf(ResourceType t) {
    return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
  }

  private static String hash(String content) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-512").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every JDK", e);
    }
  }
}
