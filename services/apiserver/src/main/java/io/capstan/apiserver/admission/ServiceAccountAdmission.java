package io.capstan.apiserver.admission;

import io.capstan.apiserver.authn.StoredObjects;
import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' ServiceAccount admission plugin for new pods: {@code serviceAccountName} defaults to
 * {@code default}, and unless the pod (or else its service account) sets
 * {@code automountServiceAccountToken: false}, the pod gets the standard {@code kube-api-access-<5>}
 * projected volume — a service-account token of 3607 s, the cluster CA from the
 * {@code kube-root-ca.crt} ConfigMap, the namespace from the downward API — mounted read-only at
 * {@value #MOUNT_PATH} in every init and app container that does not already mount something there.
 * The node agent fills the volume (the token bound to the pod through TokenRequest).
 *
 * <p>Unlike Kubernetes, a service account that does not exist yet is not refused: the service
 * account controller creates {@code default} moments after a namespace, and refusing pods in that
 * window would fail clients that create a namespace and a pod back to back. The node agent's token
 * request waits for the account instead.
 */
@Component
public class ServiceAccountAdmission implements RegistryHook {
  static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  static final String VOLUME_PREFIX = "kube-api-access-";
  static final long TOKEN_SECONDS = 3607;
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  /** Kubernetes' {@code utilrand.String} alphabet: no vowels, no confusable characters. */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StoredObjects objects;

  public ServiceAccountAdmission(StoredObjects objects) {
    this.objects = objects;
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode pod, boolean dryRun) {
    if (!type.group().isEmpty() || !type.plural().equals("pods")) return;
    if (pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) return;
    ObjectNode spec = Json.objectAt(pod, "spec");
    String sa = spec.path("serviceAccountName").asString("");
    if (sa.isEmpty()) {
      sa = "default";
      spec.put("serviceAccountName", sa);
    }
    if (!automount(spec, pod.path("metadata").path("namespace").asString(""), sa)) return;
    String volume = existingVolume(spec).orElseGet(() -> {
      String name = VOLUME_PREFIX + random(5);
      ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
      volumes.add(apiAccessVolume(name));
      return name;
    });
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode c : spec.path(list)) {
        if (c instanceof ObjectNode container && !mountsAt(container, MOUNT_PATH)) {
          ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode a ? a : container.putArray("volumeMounts");
          mounts.addObject().put("name", volume).put("readOnly", true).put("mountPath", MOUNT_PATH);
        }
      }
    }
  }

  /** The pod's own setting wins; else the service account's; else true. */
  private boolean automount(ObjectNode spec, String namespace, String sa) {
    JsonNode own = spec.get("automountServiceAccountToken");
    if (own != null && own.isBoolean()) return own.asBoolean();
    Optional<ObjectNode> account = objects.get("", "serviceaccounts", namespace, sa);
    JsonNode fromAccount = account.map(a -> a.get("automountServiceAccountToken")).orElse(null);
    return fromAccount == null || !fromAccount.isBoolean() || fromAccount.asBoolean();
  }

  private static Optional<String> existingVolume(ObjectNode spec) {
    for (JsonNode v : spec.path("volumes")) {
      String name = v.path("name").asString("");
      if (name.startsWith(VOLUME_PREFIX)) return Optional.of(name);
    }
    return Optional.empty();
  }

  private static boolean mountsAt(ObjectNode container, String path) {
    for (JsonNode m : container.path("volumeMounts")) if (path.equals(m.path("mountPath").asString(""))) return true;
    return false;
  }

  static ObjectNode apiAccessVolume(String name) {
    ObjectNode v = Json.object();
    v.put("name", name);
    ObjectNode projected = v.putObject("projected");
    projected.put("defaultMode", 420);
    ArrayNode sources = projected.putArray("sources");
    sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_SECONDS).put("path", "token");
    ObjectNode cm = sources.addObject().putObject("configMap");
    cm.put("name", "kube-root-ca.crt");
    cm.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
    ObjectNode item = sources.addObject().putObject("downwardAPI").putArray("items").addObject();
    item.put("path", "namespace");
    item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
    return v;
  }

  private static String random(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return b.toString();
  }
}
