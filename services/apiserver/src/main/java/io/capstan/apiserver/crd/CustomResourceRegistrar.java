package io.capstan.apiserver.crd;

import io.capstan.apiserver.registry.ObjectCodec;
import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.resource.ScalePaths;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.model.Json;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the served set in step with the stored CRDs: a CRD written here is served before the
 * response leaves, and an etcd watch picks up CRDs written through other API server replicas.
 * Deleting a CRD deletes its custom resources, as Kubernetes' CRD cleanup finalizer does.
 */
@Component
@Order(5)
public class CustomResourceRegistrar implements RegistryHook, ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(CustomResourceRegistrar.class);
  static final String GROUP = "apiextensions.k8s.io";
  static final String PLURAL = "customresourcedefinitions";

  private final ResourceCatalog catalog;
  private final Storage storage;
  private Storage.Watch watch;

  public CustomResourceRegistrar(ResourceCatalog catalog, Storage storage) {
    this.catalog = catalog;
    this.storage = storage;
  }

  private static boolean isCrd(ResourceType type) {
    return type.group().equals(GROUP) && type.plural().equals(PLURAL);
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode crd, boolean dryRun) {
    if (isCrd(type)) crd.set("status", acceptedStatus(crd));
  }

  @Override
  public void afterWrite(ResourceType type, ObjectNode stored) {
    if (isCrd(type)) register(stored);
  }

  @Override
  public void afterDelete(ResourceType type, ObjectNode last) {
    if (!isCrd(type)) return;
    catalog.putCustom(Json.text(last, "metadata.name"), List.of());
    String prefix = "/registry/" + Json.text(last, "spec.group") + "/" + Json.text(last, "spec.names.plural") + "/";
    for (Storage.Entry e : storage.list(prefix, null, 0, 0).entries()) {
      try {
        storage.delete(e.key(), current -> {});
      } catch (StorageException gone) {
        if (gone.code() != StorageException.Code.NOT_FOUND) throw gone;
      }
    }
  }

  /** Serve every stored CRD, then follow changes. */
  @Override
  public void run(ApplicationArguments args) {
    String prefix = "/registry/" + GROUP + "/" + PLURAL + "/";
    ResourceType crdType = catalog.find(GROUP, "v1", PLURAL).orElseThrow().type();
    Storage.Page page = storage.list(prefix, null, 0, 0);
    for (Storage.Entry e : page.entries()) register(ObjectCodec.decodeStored(crdType, e.value(), e.modRevision()));
    watch = storage.watch(prefix, page.revision(), new Storage.WatchListener() {
      @Override
      public void onEvent(Storage.WatchEvent e) {
        if (e.type() == Storage.WatchEvent.Type.DELETED) {
          catalog.putCustom(e.key().substring(prefix.length()), List.of());
        } else {
          register(ObjectCodec.decodeStored(crdType, e.value(), e.revision()));
        }
      }

      @Override
      public void onClose(StorageException error) {
        if (error != null) log.warn("CRD watch ended: {}", error.getMessage());
      }
    });
  }

  @PreDestroy
  void stop() {
    if (watch != null) watch.close();
  }

  void register(ObjectNode crd) {
    String name = Json.text(crd, "metadata.name");
    if (Json.at(crd, "metadata.deletionTimestamp") != null) {
      catalog.putCustom(name, List.of());
      return;
    }
    catalog.putCustom(name, servedVersions(crd));
  }

  static List<Served> servedVersions(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String group = spec.path("group").asString();
    String plural = names.path("plural").asString();
    String kind = names.path("kind").asString();
    List<Served> out = new ArrayList<>();
    List<JsonNode> versions = new ArrayList<>();
    spec.path("versions").forEach(versions::add);
    // The storage version is listed first in Kubernetes' discovery only by priority; keep the CRD's order.
    for (JsonNode v : versions) {
      if (!v.path("served").asBoolean(true)) continue;
      JsonNode subs = v.path("subresources");
      Set<String> subresources = new LinkedHashSet<>();
      if (subs.has("status")) subresources.add("status");
      ScalePaths scale = null;
      if (subs.has("scale")) {
        subresources.add("scale");
        JsonNode s = subs.get("scale");
        scale = new ScalePaths(strip(s.path("specReplicasPath").asString("spec.replicas")),
            strip(s.path("statusReplicasPath").asString("status.replicas")),
            s.hasNonNull("labelSelectorPath") ? strip(s.get("labelSelectorPath").asString()) : null);
      }
      ResourceType type = new ResourceType(group, v.path("name").asString(), plural, kind,
          names.path("listKind").asString(kind + "List"), names.path("singular").asString(kind.toLowerCase()),
          !"Cluster".equals(spec.path("scope").asString()), strings(names.path("shortNames")),
          strings(names.path("categories")), subresources, ResourceType.ALL_VERBS,
          "/registry/" + group + "/" + plural);
      out.add(new Served(type, new CustomResourceStrategy(subs.has("status"), scale,
          v.path("additionalPrinterColumns"))));
    }
    return out;
  }

  private static ObjectNode acceptedStatus(ObjectNode crd) {
    ObjectNode status = Json.object();
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    for (String[] c : new String[][] {
        {"NamesAccepted", "NoConflicts", "no conflicts found"},
        {"Established", "InitialNamesAccepted", "the initial names have been accepted"}}) {
      ObjectNode cond = conditions.addObject();
      cond.put("type", c[0]);
      cond.put("status", "True");
      cond.put("lastTransitionTime", now);
      cond.put("reason", c[1]);
      cond.put("message", c[2]);
    }
    ArrayNode stored = status.putArray("storedVersions");
    crd.path("spec").path("versions").forEach(v -> {
      if (v.path("storage").asBoolean(false)) stored.add(v.path("name").asString());
    });
    return status;
  }

  private static String strip(String jsonPath) {
    return jsonPath.startsWith(".") ? jsonPath.substring(1) : jsonPath;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asString()));
    return out;
  }
}
