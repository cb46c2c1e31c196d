package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 Service: {@code SetDefaults_Service} plus the single-stack IPv4 family choice the
 * service REST storage makes, {@code ValidateService(Update)}. Cluster IPs and node ports are
 * allocated by the registry, not here.
 */
public final class ServiceStrategy implements ResourceStrategy {

  static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final int KUBELET_PORT = 10250;

  /**
   * Kubernetes' {@code dropTypeDependentFields}: a type change drops what the new type does not
   * have, when the client left it as it was (a client that changes it too gets the validation
   * error): the cluster IPs and IP families for ExternalName, node ports when neither NodePort nor
   * LoadBalancer, externalTrafficPolicy when no longer externally accessible.
   */
  @Override
  public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
    if (!(obj.get("spec") instanceof ObjectNode spec)) return;
    JsonNode oldSpec = old.path("spec");
    String type = spec.path("type").asString("ClusterIP");
    String oldType = oldSpec.path("type").asString("ClusterIP");
    if (type.equals("ExternalName") && !oldType.equals("ExternalName")
        && spec.path("clusterIP").equals(oldSpec.path("clusterIP"))) {
      for (String f : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy")) {
        spec.remove(f);
      }
    }
    boolean hadNodePorts = oldType.equals("NodePort") || oldType.equals("LoadBalancer");
    boolean hasNodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
    if (hadNodePorts && !hasNodePorts) {
      for (JsonNode p : spec.path("ports")) {
        if (p instanceof ObjectNode port && sameNodePort(port, oldSpec.path("ports"))) port.remove("nodePort");
      }
    }
    if (!externallyAccessible(spec) && externallyAccessible(oldSpec)
        && spec.path("externalTrafficPolicy").equals(oldSpec.path("externalTrafficPolicy"))) {
      spec.remove("externalTrafficPolicy");
    }
    if (!type.equals("LoadBalancer") && oldType.equals("LoadBalancer")
        && spec.path("allocateLoadBalancerNodePorts").equals(oldSpec.path("allocateLoadBalancerNodePorts"))) {
      spec.remove("allocateLoadBalancerNodePorts");
    }
  }

  private static boolean sameNodePort(JsonNode port, JsonNode oldPorts) {
    int nodePort = port.path("nodePort").asInt(0);
    if (nodePort == 0) return false;
    for (JsonNode o : oldPorts) if (o.path("nodePort").asInt(0) == nodePort) return true;
    return false;
  }

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = Defaulting.child(obj, "spec");
    Defaulting.stringIfBlank(spec, "sessionAffinity", "None");
    String affinity = spec.path("sessionAffinity").asString("");
    if (affinity.equals("None")) spec.remove("sessionAffinityConfig");
    if (affinity.equals("ClientIP")) {
      JsonNode timeout = spec.path("sessionAffinityConfig").path("clientIP").get("timeoutSeconds");
      if (timeout == null || timeout.isNull()) {
        Defaulting.child(Defaulting.child(spec, "sessionAffinityConfig"), "clientIP").put("timeoutSeconds", 10800);
      }
    }
    Defaulting.stringIfBlank(spec, "type", "ClusterIP");
    String type = spec.path("type").asString("");
    for (ObjectNode port : Defaulting.objects(spec, "ports")) {
      Defaulting.stringIfBlank(port, "protocol", "TCP");
      JsonNode target = port.get("targetPort");
      boolean unset = target == null || target.isNull() || (target.isNumber() && target.asInt() == 0)
          || (target.isString() && target.asString().isEmpty());
      if (unset && port.has("port")) port.set("targetPort", port.get("port"));
    }
    if (externallyAccessible(spec)) Defaulting.stringIfBlank(spec, "externalTrafficPolicy", "Cluster");
    if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
      Defaulting.stringIfBlank(spec, "internalTrafficPolicy", "Cluster");
    }
    if (type.equals("LoadBalancer")) Defaulting.boolIfUnset(spec, "allocateLoadBalancerNodePorts", true);
    if (!type.equals("ExternalName")) {
      Defaulting.stringIfBlank(spec, "ipFamilyPolicy", "SingleStack");
      if (spec.path("ipFamilies").isEmpty()) spec.putArray("ipFamilies").add("IPv4");
    }
  }

  static boolean externallyAccessible(JsonNode spec) {
    String type = spec.path("type").asString("");
    return type.equals("LoadBalancer") || type.equals("NodePort")
        || (type.equals("ClusterIP") && !spec.path("externalIPs").isEmpty());
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    String type = spec.path("type").asString("");
    String clusterIP = spec.path("clusterIP").asString("");
    boolean headless = clusterIP.equals("None");
    List<JsonNode> ports = PodSpecValidation.list(spec, "ports");
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) errs.add(FieldError.required("spec.ports"));
    switch (type) {
      case "LoadBalancer" -> {
        for (int i = 0; i < ports.size(); i++) {
          if (ports.get(i).path("port").asLong(0) == KUBELET_PORT) {
            errs.add(FieldError.invalid("spec.ports[" + i + "]", KUBELET_PORT,
                "may not expose port " + KUBELET_PORT + " externally since it is used by kubelet"));
          }
        }
        if (headless) {
          errs.add(FieldError.invalid("spec.clusterIP", clusterIP, "may not be set to 'None' for LoadBalancer services"));
        }
      }
      case "NodePort" -> {
        if (headless) {
          errs.add(FieldError.invalid("spec.clusterIP", clusterIP, "may not be set to 'None' for NodePort services"));
        }
      }
      case "ExternalName" -> {
        if (!clusterIP.isEmpty()) {
          errs.add(FieldError.forbidden("spec.clusterIP", "may not be set for ExternalName services"));
        }
        String cname = spec.path("externalName").asString("");
        if (cname.endsWith(".")) cname = cname.substring(0, cname.length() - 1);
        if (cname.isEmpty()) {
          errs.add(FieldError.required("spec.externalName"));
        } else {
          for (String msg : LabelValidation.isDNS1123Subdomain(cname)) {
            errs.add(FieldError.invalid("spec.externalName", cname, msg));
          }
        }
      }
      default -> { }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) validatePort(ports.get(i), ports.size() > 1, names, "spec.ports[" + i + "]", errs);
    errs.addAll(ObjectMetaValidation.validateLabels(spec.get("selector"), "spec.selector"));
    validateAffinity(spec, errs);
    if (!clusterIP.isEmpty() && !headless && !FieldRules.isIP(clusterIP)) {
      errs.add(FieldError.invalid("spec.clusterIP", clusterIP, "must be empty, 'None', or a valid IP address"));
    }
    List<JsonNode> externalIPs = PodSpecValidation.list(spec, "externalIPs");
    for (int i = 0; i < externalIPs.size(); i++) {
      String ip = externalIPs.get(i).asString("");
      if (!FieldRules.isIP(ip)) errs.add(FieldError.invalid("spec.externalIPs[" + i + "]", ip, "must be a valid IP address"));
    }
    if (type.isEmpty()) {
      errs.add(FieldError.required("spec.type"));
    } else if (!TYPES.contains(type)) {
      errs.add(FieldError.notSupported("spec.type", type, TYPES));
    }
    if (type.equals("ClusterIP")) {
      for (int i = 0; i < ports.size(); i++) {
        if (ports.get(i).path("nodePort").asLong(0) != 0) {
          errs.add(FieldError.forbidden("spec.ports[" + i + "].nodePort", "may not be used when `type` is 'ClusterIP'"));
        }
      }
    }
    Set<String> nodePorts = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String protocol = port.path("protocol").asString("");
      long nodePort = port.path("nodePort").asLong(0);
      if (nodePort != 0 && !nodePorts.add(protocol + "/" + nodePort)) {
        errs.add(FieldError.duplicate("spec.ports[" + i + "].nodePort", nodePort));
      }
      long number = port.path("port").asLong(0);
      if (!portKeys.add(protocol + "/" + number)) {
        // Upstream prints the Go struct it keys on.
        errs.add(new Cause("FieldValueDuplicate", "Duplicate value: {\"Name\":\"\",\"Protocol\":"
            + FieldError.render(protocol) + ",\"AppProtocol\":null,\"Port\":" + number
            + ",\"TargetPort\":0,\"NodePort\":0}", "spec.ports[" + i + "]"));
      }
    }
    validateTrafficPolicies(spec, type, errs);
    return errs;
  }

  private static void validatePort(JsonNode port, boolean requireName, Set<String> names, String p, List<Cause> errs) {
    String name = port.path("name").asString("");
    if (requireName && name.isEmpty()) {
      errs.add(FieldError.required(p + ".name"));
    } else if (!name.isEmpty()) {
      for (String msg : LabelValidation.isDNS1123Label(name)) errs.add(FieldError.invalid(p + ".name", name, msg));
      if (!names.add(name)) errs.add(FieldError.duplicate(p + ".name", name));
    }
    long number = port.path("port").asLong(0);
    if (!FieldRules.validPortNumber(number)) {
      errs.add(FieldError.invalid(p + ".port", number, FieldRules.inclusiveRange(1, 65535)));
    }
    PodSpecValidation.enumField(port, "protocol", p, PodSpecValidation.PROTOCOLS, errs);
    JsonNode target = port.get("targetPort");
    if (target != null && target.isNumber()) {
      if (!FieldRules.validPortNumber(target.asLong())) {
        errs.add(FieldError.invalid(p + ".targetPort", target.asLong(), FieldRules.inclusiveRange(1, 65535)));
      }
    } else if (target != null && target.isString()) {
      for (String msg : FieldRules.portName(target.asString())) {
        errs.add(FieldError.invalid(p + ".targetPort", target.asString(), msg));
      }
    }
  }

  private static void validateAffinity(JsonNode spec, List<Cause> errs) {
    String affinity = spec.path("sessionAffinity").asString("");
    if (affinity.isEmpty()) {
      errs.add(FieldError.required("spec.sessionAffinity"));
    } else if (!affinity.equals("ClientIP") && !affinity.equals("None")) {
      errs.add(FieldError.notSupported("spec.sessionAffinity", affinity, List.of("ClientIP", "None")));
    }
    JsonNode config = spec.get("sessionAffinityConfig");
    if (affinity.equals("ClientIP")) {
      JsonNode timeout = config == null ? null : config.path("clientIP").get("timeoutSeconds");
      if (timeout != null && timeout.isNumber() && (timeout.asLong() <= 0 || timeout.asLong() > 86400)) {
        errs.add(FieldError.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout.asLong(),
            "must be greater than 0 and less than 86400"));
      }
    } else if (affinity.equals("None") && config != null && !config.isNull()) {
      errs.add(FieldError.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
    }
  }

  private static void validateTrafficPolicies(JsonNode spec, String type, List<Cause> errs) {
    String external = spec.path("externalTrafficPolicy").asString("");
    if (!externallyAccessible(spec)) {
      if (!external.isEmpty()) {
        errs.add(FieldError.invalid("spec.externalTrafficPolicy", external,
            "may only be set for externally-accessible services"));
      }
    } else if (external.isEmpty()) {
      errs.add(FieldError.required("spec.externalTrafficPolicy"));
    } else if (!external.equals("Cluster") && !external.equals("Local")) {
      errs.add(FieldError.notSupported("spec.externalTrafficPolicy", external, List.of("Cluster", "Local")));
    }
    if (!type.equals("ExternalName")) {
      String internal = spec.path("internalTrafficPolicy").asString("");
      if (internal.isEmpty()) {
        errs.add(FieldError.required("spec.internalTrafficPolicy"));
      } else if (!internal.equals("Cluster") && !internal.equals("Local")) {
        errs.add(FieldError.notSupported("spec.internalTrafficPolicy", internal, List.of("Cluster", "Local")));
      }
      String familyPolicy = spec.path("ipFamilyPolicy").asString("");
      if (!familyPolicy.isEmpty() && !List.of("PreferDualStack", "RequireDualStack", "SingleStack").contains(familyPolicy)) {
        errs.add(FieldError.notSupported("spec.ipFamilyPolicy", familyPolicy,
            List.of("PreferDualStack", "RequireDualStack", "SingleStack")));
      }
      List<JsonNode> families = PodSpecValidation.list(spec, "ipFamilies");
      for (int i = 0; i < families.size(); i++) {
        String f = families.get(i).asString("");
        if (!f.equals("IPv4") && !f.equals("IPv6")) {
          errs.add(FieldError.notSupported("spec.ipFamilies[" + i + "]", f, List.of("IPv4", "IPv6")));
        }
      }
    }
  }

  /**
   * Adds clusterIP immutability. The registry carries the allocated clusterIP(s) over from the
   * stored object when an update omits them, as Kubernetes' service storage does.
   */
  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    JsonNode oldSpec = old.path("spec");
    String oldIp = oldSpec.path("clusterIP").asString("");
    String newIp = spec.path("clusterIP").asString("");
    if (!spec.path("type").asString("").equals("ExternalName")
        && !oldSpec.path("type").asString("").equals("ExternalName")
        && !oldIp.isEmpty() && !newIp.isEmpty() && !newIp.equals(oldIp)) {
      // Report the list the update asks for; a patch of clusterIP alone leaves clusterIPs stale.
      JsonNode ips = spec.get("clusterIPs");
      boolean listMatches = ips != null && ips.isArray() && !ips.isEmpty() && ips.get(0).asString("").equals(newIp);
      Object value = listMatches ? ips : List.of(newIp);
      errs.add(FieldError.invalid("spec.clusterIPs[0]", value, "may not change once set"));
    }
    errs.addAll(validate(obj));
    return errs;
  }
}
