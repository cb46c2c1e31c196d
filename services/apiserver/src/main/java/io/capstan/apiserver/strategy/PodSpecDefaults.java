package io.capstan.apiserver.strategy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' pod-spec defaulting ({@code pkg/apis/core/v1/defaults.go}): {@link #applyToPodSpec}
 * for every PodSpec (pods and the templates of workloads), {@link #applyToPod} for what only a
 * Pod gets (enableServiceLinks, requests from limits, host-network ports, priority, status).
 */
final class PodSpecDefaults {
  private PodSpecDefaults() {}

  static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

  /** Defaults of a bare Pod object. */
  static void applyToPod(ObjectNode pod) {
    ObjectNode spec = Defaulting.child(pod, "spec");
    applyToPodSpec(spec);
    for (String list : List.of("containers", "initContainers")) {
      for (ObjectNode c : Defaulting.objects(spec, list)) requestsFromLimits(c);
    }
    Defaulting.boolIfUnset(spec, "enableServiceLinks", true);
    if (spec.path("hostNetwork").asBoolean(false)) {
      for (String list : List.of("containers", "initContainers")) {
        for (ObjectNode c : Defaulting.objects(spec, list)) {
          for (ObjectNode port : Defaulting.objects(c, "ports")) {
            if (port.path("hostPort").asInt(0) == 0 && port.has("containerPort")) {
              port.set("hostPort", port.get("containerPort"));
            }
          }
        }
      }
    }
    // The Priority admission plugin's answer when no class is named (no default class exists).
    if (Defaulting.blank(spec, "priorityClassName")) {
      Defaulting.intIfUnset(spec, "priority", 0);
      Defaulting.stringIfBlank(spec, "preemptionPolicy", "PreemptLowerPriority");
    }
    // Kubernetes' pod PrepareForCreate: a new pod is Pending, with its QoS class.
    ObjectNode status = Defaulting.child(pod, "status");
    Defaulting.stringIfBlank(status, "phase", "Pending");
    Defaulting.stringIfBlank(status, "qosClass", qosClass(spec));
  }

  /** Defaults of any PodSpec, including those inside templates. */
  static void applyToPodSpec(ObjectNode spec) {
    Defaulting.stringIfBlank(spec, "dnsPolicy", "ClusterFirst");
    Defaulting.stringIfBlank(spec, "restartPolicy", "Always");
    if (Defaulting.unset(spec, "securityContext")) spec.putObject("securityContext");
    Defaulting.intIfUnset(spec, "terminationGracePeriodSeconds", 30);
    Defaulting.stringIfBlank(spec, "schedulerName", "default-scheduler");
    for (String list : CONTAINER_LISTS) {
      for (ObjectNode c : Defaulting.objects(spec, list)) applyToContainer(c);
    }
    for (ObjectNode v : Defaulting.objects(spec, "volumes")) applyToVolume(v);
  }

  static void applyToContainer(ObjectNode c) {
    if (Defaulting.blank(c, "imagePullPolicy")) {
      c.put("imagePullPolicy", "latest".equals(imageTag(c.path("image").asString(""))) ? "Always" : "IfNotPresent");
    }
    Defaulting.stringIfBlank(c, "terminationMessagePath", "/dev/termination-log");
    Defaulting.stringIfBlank(c, "terminationMessagePolicy", "File");
    if (Defaulting.unset(c, "resources")) c.putObject("resources");
    for (ObjectNode p : Defaulting.objects(c, "ports")) Defaulting.stringIfBlank(p, "protocol", "TCP");
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      ObjectNode pr = Defaulting.childIfPresent(c, probe);
      if (pr != null) applyToProbe(pr);
    }
    ObjectNode lifecycle = Defaulting.childIfPresent(c, "lifecycle");
    if (lifecycle != null) {
      for (String hook : List.of("postStart", "preStop")) {
        ObjectNode h = Defaulting.childIfPresent(lifecycle, hook);
        if (h != null) applyToHttpGet(Defaulting.childIfPresent(h, "httpGet"));
      }
    }
    for (ObjectNode env : Defaulting.objects(c, "env")) {
      ObjectNode fieldRef = Defaulting.childIfPresent(Defaulting.childIfPresent(env, "valueFrom"), "fieldRef");
      if (fieldRef != null) Defaulting.stringIfBlank(fieldRef, "apiVersion", "v1");
    }
  }

  private static void applyToProbe(ObjectNode probe) {
    Defaulting.intIfZero(probe, "timeoutSeconds", 1);
    Defaulting.intIfZero(probe, "periodSeconds", 10);
    Defaulting.intIfZero(probe, "successThreshold", 1);
    Defaulting.intIfZero(probe, "failureThreshold", 3);
    applyToHttpGet(Defaulting.childIfPresent(probe, "httpGet"));
  }

  private static void applyToHttpGet(ObjectNode httpGet) {
    if (httpGet == null) return;
    Defaulting.stringIfBlank(httpGet, "path", "/");
    Defaulting.stringIfBlank(httpGet, "scheme", "HTTP");
  }

  private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
      "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
      "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
      "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
      "ephemeral", "image");

  static void applyToVolume(ObjectNode v) {
    if (VOLUME_SOURCES.stream().allMatch(s -> Defaulting.unset(v, s))) v.putObject("emptyDir");
    for (String withMode : List.of("secret", "configMap", "downwardAPI", "projected")) {
      ObjectNode src = Defaulting.childIfPresent(v, withMode);
      if (src != null) Defaulting.intIfUnset(src, "defaultMode", 420); // 0644
    }
    ObjectNode hostPath = Defaulting.childIfPresent(v, "hostPath");
    if (hostPath != null && Defaulting.unset(hostPath, "type")) hostPath.put("type", "");
    ObjectNode projected = Defaulting.childIfPresent(v, "projected");
    if (projected != null) {
      for (ObjectNode source : Defaulting.objects(projected, "sources")) {
        ObjectNode token = Defaulting.childIfPresent(source, "serviceAccountToken");
        if (token != null) Defaulting.intIfUnset(token, "expirationSeconds", 3600);
      }
    }
    for (ObjectNode item : Defaulting.objects(Defaulting.childIfPresent(v, "downwardAPI"), "items")) {
      ObjectNode fieldRef = Defaulting.childIfPresent(item, "fieldRef");
      if (fieldRef != null) Defaulting.stringIfBlank(fieldRef, "apiVersion", "v1");
    }
  }

  private static void requestsFromLimits(ObjectNode container) {
    ObjectNode resources = Defaulting.childIfPresent(container, "resources");
    ObjectNode limits = Defaulting.childIfPresent(resources, "limits");
    if (limits == null || limits.isEmpty()) return;
    ObjectNode requests = Defaulting.child(resources, "requests");
    for (Map.Entry<String, JsonNode> e : limits.properties()) {
      if (!requests.has(e.getKey())) requests.set(e.getKey(), e.getValue().deepCopy());
    }
  }

  /**
   * The tag Kubernetes' {@code parsers.ParseImageName} finds: "latest" when the reference has
   * neither tag nor digest, "" when it has only a digest.
   */
  static String imageTag(String image) {
    String ref = image;
    int at = ref.indexOf('@');
    boolean digest = at >= 0;
    if (digest) ref = ref.substring(0, at);
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) return ref.substring(colon + 1);
    return digest ? "" : "latest";
  }

  /** Kubernetes' {@code qos.GetPodQOS} for cpu and memory over init and app containers. */
  static String qosClass(JsonNode spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (String list : List.of("initContainers", "containers")) {
      for (ObjectNode c : Defaulting.objects(spec, list)) {
        JsonNode req = c.path("resources").path("requests");
        JsonNode lim = c.path("resources").path("limits");
        for (String r : List.of("cpu", "memory")) {
          BigDecimal q = Quantity.parse(req.get(r));
          BigDecimal l = Quantity.parse(lim.get(r));
          if ((q != null && q.signum() > 0) || (l != null && l.signum() > 0)) any = true;
          if (l == null || l.signum() == 0) {
            guaranteed = false;
          } else if (q != null && q.compareTo(l) != 0) {
            guaranteed = false;
          }
        }
      }
    }
    if (!any) return "BestEffort";
    return guaranteed ? "Guaranteed" : "Burstable";
  }
}
