package io.capstan.apiserver.strategy;

import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes' {@code ValidatePodSpec} and {@code ValidatePodTemplateSpec} for the rules that
 * matter: containers (names, images, ports, env, mounts, resources, probes), volumes, policies.
 * Every error is reported; paths are relative to the spec's own path ("spec" for a Pod,
 * "spec.template.spec" for a Deployment).
 */
final class PodSpecValidation {
  private PodSpecValidation() {}

  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  static final List<String> DNS_POLICIES = List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");
  static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  static final List<String> TAINT_EFFECTS = List.of("NoExecute", "NoSchedule", "PreferNoSchedule");
  private static final List<String> HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc");

  /** A pod template: its metadata's labels and annotations, then its spec. */
  static List<Cause> validateTemplate(JsonNode template, String path) {
    List<Cause> errs = new ArrayList<>();
    if (template == null || !template.isObject()) {
      errs.add(FieldError.required(path));
      return errs;
    }
    JsonNode meta = template.path("metadata");
    errs.addAll(ObjectMetaValidation.validateLabels(meta.get("labels"), path + ".metadata.labels"));
    errs.addAll(ObjectMetaValidation.validateAnnotations(meta.get("annotations"), path + ".metadata.annotations"));
    errs.addAll(validateSpec(template.path("spec"), path + ".spec", false));
    return errs;
  }

  /**
   * @param isPod true for a Pod's own spec (stricter image rule; ephemeral containers come only
   *     through their subresource)
   */
  static List<Cause> validateSpec(JsonNode spec, String p, boolean isPod) {
    List<Cause> errs = new ArrayList<>();
    Set<String> volumes = validateVolumes(spec, p, errs);

    List<JsonNode> containers = list(spec, "containers");
    if (containers.isEmpty()) errs.add(FieldError.required(p + ".containers"));
    Set<String> names = new HashSet<>();
    validateContainers(list(spec, "initContainers"), p + ".initContainers", volumes, names, isPod, errs);
    validateContainers(containers, p + ".containers", volumes, names, isPod, errs);
    if (isPod && !list(spec, "ephemeralContainers").isEmpty()) {
      errs.add(FieldError.forbidden(p + ".ephemeralContainers", "cannot be set on create"));
    }

    enumField(spec, "restartPolicy", p, RESTART_POLICIES, errs);
    enumField(spec, "dnsPolicy", p, DNS_POLICIES, errs);
    JsonNode deadline = spec.get("activeDeadlineSeconds");
    if (deadline != null && deadline.isNumber() && (deadline.asLong() < 1 || deadline.asLong() > Integer.MAX_VALUE)) {
      errs.add(FieldError.invalid(p + ".activeDeadlineSeconds", deadline.asLong(),
          FieldRules.inclusiveRange(1, Integer.MAX_VALUE)));
    }
    errs.addAll(ObjectMetaValidation.validateLabels(spec.get("nodeSelector"), p + ".nodeSelector"));
    nameField(spec, "serviceAccountName", p, LabelValidation::isDNS1123Subdomain, errs);
    nameField(spec, "nodeName", p, LabelValidation::isDNS1123Subdomain, errs);
    nameField(spec, "hostname", p, LabelValidation::isDNS1123Label, errs);
    nameField(spec, "subdomain", p, LabelValidation::isDNS1123Label, errs);
    nameField(spec, "schedulerName", p, LabelValidation::isDNS1123Subdomain, errs);
    nameField(spec, "priorityClassName", p, LabelValidation::isDNS1123Subdomain, errs);
    validateTolerations(spec, p, errs);
    return errs;
  }

  private static Set<String> validateVolumes(JsonNode spec, String p, List<Cause> errs) {
    Set<String> names = new HashSet<>();
    List<JsonNode> vols = list(spec, "volumes");
    for (int i = 0; i < vols.size(); i++) {
      JsonNode v = vols.get(i);
      String vp = p + ".volumes[" + i + "]";
      String name = text(v, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(vp + ".name"));
      } else {
        for (String msg : LabelValidation.isDNS1123Label(name)) errs.add(FieldError.invalid(vp + ".name", name, msg));
        if (!names.add(name)) errs.add(FieldError.duplicate(vp + ".name", name));
      }
      int sources = 0;
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (!e.getKey().equals("name") && e.getValue() != null && !e.getValue().isNull()) sources++;
      }
      if (sources > 1) errs.add(FieldError.forbidden(vp, "may not specify more than 1 volume type"));
    }
    return names;
  }

  private static void validateContainers(List<JsonNode> containers, String p, Set<String> volumes,
      Set<String> names, boolean isPod, List<Cause> errs) {
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String cp = p + "[" + i + "]";
      String name = text(c, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(cp + ".name"));
      } else {
        for (String msg : LabelValidation.isDNS1123Label(name)) errs.add(FieldError.invalid(cp + ".name", name, msg));
        if (!names.add(name)) errs.add(FieldError.duplicate(cp + ".name", name));
      }
      String image = text(c, "image");
      if (image.isEmpty()) {
        errs.add(FieldError.required(cp + ".image"));
      } else if (isPod && !image.equals(image.strip())) {
        errs.add(FieldError.invalid(cp + ".image", image, "must not have leading or trailing whitespace"));
      }
      validatePorts(c, cp, errs);
      validateEnv(c, cp, errs);
      validateMounts(c, cp, volumes, errs);
      enumField(c, "imagePullPolicy", cp, PULL_POLICIES, errs);
      enumField(c, "terminationMessagePolicy", cp, TERMINATION_MESSAGE_POLICIES, errs);
      validateResources(c.path("resources"), cp + ".resources", errs);
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        JsonNode pr = c.get(probe);
        if (pr != null && pr.isObject()) validateProbe(pr, cp + "." + probe, !probe.equals("readinessProbe"), errs);
      }
    }
  }

  private static void validatePorts(JsonNode c, String cp, List<Cause> errs) {
    Set<String> portNames = new HashSet<>();
    List<JsonNode> ports = list(c, "ports");
    for (int j = 0; j < ports.size(); j++) {
      JsonNode port = ports.get(j);
      String pp = cp + ".ports[" + j + "]";
      String name = text(port, "name");
      if (!name.isEmpty()) {
        for (String msg : FieldRules.portName(name)) errs.add(FieldError.invalid(pp + ".name", name, msg));
        if (!portNames.add(name)) errs.add(FieldError.duplicate(pp + ".name", name));
      }
      long containerPort = port.path("containerPort").asLong(0);
      if (containerPort == 0) {
        errs.add(FieldError.required(pp + ".containerPort"));
      } else if (!FieldRules.validPortNumber(containerPort)) {
        errs.add(FieldError.invalid(pp + ".containerPort", containerPort, FieldRules.inclusiveRange(1, 65535)));
      }
      long hostPort = port.path("hostPort").asLong(0);
      if (hostPort != 0 && !FieldRules.validPortNumber(hostPort)) {
        errs.add(FieldError.invalid(pp + ".hostPort", hostPort, FieldRules.inclusiveRange(1, 65535)));
      }
      enumField(port, "protocol", pp, PROTOCOLS, errs);
    }
  }

  private static void validateEnv(JsonNode c, String cp, List<Cause> errs) {
    List<JsonNode> env = list(c, "env");
    for (int j = 0; j < env.size(); j++) {
      JsonNode e = env.get(j);
      String ep = cp + ".env[" + j + "]";
      String name = text(e, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(ep + ".name"));
      } else {
        for (String msg : FieldRules.envVarName(name)) errs.add(FieldError.invalid(ep + ".name", name, msg));
      }
      JsonNode from = e.get("valueFrom");
      if (from != null && from.isObject()) {
        if (!text(e, "value").isEmpty()) {
          errs.add(FieldError.invalid(ep + ".valueFrom", "",
              "may not be specified when `value` is not empty"));
        }
        int sources = from.size();
        if (sources == 0) {
          errs.add(FieldError.invalid(ep + ".valueFrom", "", "must specify one of: `fieldRef`, "
              + "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if (sources > 1) {
          errs.add(FieldError.invalid(ep + ".valueFrom", "", "may not have more than one field specified at a time"));
        }
      }
    }
  }

  private static void validateMounts(JsonNode c, String cp, Set<String> volumes, List<Cause> errs) {
    Set<String> paths = new HashSet<>();
    List<JsonNode> mounts = list(c, "volumeMounts");
    for (int j = 0; j < mounts.size(); j++) {
      JsonNode m = mounts.get(j);
      String mp = cp + ".volumeMounts[" + j + "]";
      String name = text(m, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(mp + ".name"));
      } else if (!volumes.contains(name)) {
        errs.add(FieldError.notFound(mp + ".name", name));
      }
      String mountPath = text(m, "mountPath");
      if (mountPath.isEmpty()) {
        errs.add(FieldError.required(mp + ".mountPath"));
      } else if (!paths.add(mountPath)) {
        errs.add(FieldError.invalid(mp + ".mountPath", mountPath, "must be unique"));
      }
    }
  }

  /** Kubernetes' {@code ValidateResourceRequirements}: valid, non-negative, requests within limits. */
  static void validateResources(JsonNode resources, String rp, List<Cause> errs) {
    JsonNode limits = resources.path("limits");
    JsonNode requests = resources.path("requests");
    for (String kind : List.of("limits", "requests")) {
      JsonNode list = resources.path(kind);
      if (!list.isObject()) continue;
      for (Map.Entry<String, JsonNode> e : list.properties()) {
        String fp = rp + "." + kind + "[" + e.getKey() + "]";
        BigDecimal q = Quantity.parse(e.getValue());
        String text = Quantity.text(e.getValue());
        if (q == null) {
          errs.add(FieldError.invalid(fp, text, Quantity.FORMAT_ERROR));
        } else if (q.signum() < 0) {
          errs.add(FieldError.invalid(fp, text, "must be greater than or equal to 0"));
        }
      }
    }
    if (requests.isObject() && limits.isObject()) {
      for (Map.Entry<String, JsonNode> e : requests.properties()) {
        BigDecimal req = Quantity.parse(e.getValue());
        BigDecimal lim = Quantity.parse(limits.get(e.getKey()));
        if (req != null && lim != null && req.compareTo(lim) > 0) {
          errs.add(FieldError.invalid(rp + ".requests", Quantity.text(e.getValue()),
              "must be less than or equal to " + e.getKey() + " limit of " + Quantity.text(limits.get(e.getKey()))));
        }
      }
    }
  }

  private static void validateProbe(JsonNode probe, String pp, boolean successMustBeOne, List<Cause> errs) {
    int handlers = 0;
    for (String h : HANDLERS) if (probe.hasNonNull(h)) handlers++;
    if (handlers == 0) {
      errs.add(FieldError.required(pp, "must specify a handler type"));
    } else if (handlers > 1) {
      errs.add(FieldError.forbidden(pp, "may not specify more than 1 handler type"));
    }
    for (String f : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
        "failureThreshold")) {
      JsonNode n = probe.get(f);
      if (n != null && n.isNumber() && n.asLong() < 0) {
        errs.add(FieldError.invalid(pp + "." + f, n.asLong(), "must be greater than or equal to 0"));
      }
    }
    JsonNode success = probe.get("successThreshold");
    if (successMustBeOne && success != null && success.isNumber() && success.asLong() != 1) {
      errs.add(FieldError.invalid(pp + ".successThreshold", success.asLong(), "must be 1"));
    }
  }

  private static void validateTolerations(JsonNode spec, String p, List<Cause> errs) {
    List<JsonNode> tolerations = list(spec, "tolerations");
    for (int i = 0; i < tolerations.size(); i++) {
      JsonNode t = tolerations.get(i);
      String tp = p + ".tolerations[" + i + "]";
      String key = text(t, "key");
      if (!key.isEmpty()) {
        for (String msg : LabelValidation.isQualifiedName(key)) errs.add(FieldError.invalid(tp + ".key", key, msg));
      }
      String operator = text(t, "operator");
      if (key.isEmpty() && !operator.equals("Exists")) {
        errs.add(FieldError.invalid(tp + ".operator", operator,
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
      }
      String effect = text(t, "effect");
      if (t.hasNonNull("tolerationSeconds") && !effect.equals("NoExecute")) {
        errs.add(FieldError.invalid(tp + ".effect", effect,
            "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
      switch (operator) {
        case "", "Equal" -> {
          for (String msg : LabelValidation.isLabelValue(text(t, "value"))) {
            errs.add(FieldError.invalid(tp + ".value", text(t, "value"), msg));
          }
        }
        case "Exists" -> {
          if (!text(t, "value").isEmpty()) {
            errs.add(FieldError.invalid(tp + ".operator", t.get("value"),
                "value must be empty when `operator` is 'Exists'"));
          }
        }
        default -> errs.add(FieldError.notSupported(tp + ".operator", operator, List.of("Equal", "Exists")));
      }
      if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
        errs.add(FieldError.notSupported(tp + ".effect", effect, TAINT_EFFECTS));
      }
    }
  }

  /** Required when blank, otherwise one of {@code supported}. */
  static void enumField(JsonNode o, String field, String p, List<String> supported, List<Cause> errs) {
    String v = text(o, field);
    if (v.isEmpty()) {
      errs.add(FieldError.required(p + "." + field));
    } else if (!supported.contains(v)) {
      errs.add(FieldError.notSupported(p + "." + field, v, supported));
    }
  }

  private static void nameField(JsonNode o, String field, String p,
      java.util.function.Function<String, List<String>> rule, List<Cause> errs) {
    String v = text(o, field);
    if (v.isEmpty()) return;
    for (String msg : rule.apply(v)) errs.add(FieldError.invalid(p + "." + field, v, msg));
  }

  static List<JsonNode> list(JsonNode parent, String field) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode n = parent == null ? null : parent.get(field);
    if (n != null && n.isArray()) n.forEach(out::add);
    return out;
  }

  static String text(JsonNode o, String field) {
    return ObjectMetaValidation.text(o, field);
  }
}
