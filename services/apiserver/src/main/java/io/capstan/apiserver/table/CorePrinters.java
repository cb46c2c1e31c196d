package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.age;
import static io.capstan.apiserver.table.Fields.list;
import static io.capstan.apiserver.table.Fields.name;
import static io.capstan.apiserver.table.Fields.node;
import static io.capstan.apiserver.table.Fields.orDefault;
import static io.capstan.apiserver.table.Fields.size;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Rows of the core kinds without much logic: namespaces, configmaps, secrets, serviceaccounts,
 * nodes, resource quotas (Kubernetes' printNamespace, printConfigMap, printSecret,
 * printServiceAccount, printNode, printResourceQuota).
 */
final class CorePrinters {
  private CorePrinters() {}

  private static final String LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String NODE_LABEL_ROLE = "kubernetes.io/role";

  static TableConvertor namespaces(Clock clock) {
    List<Column> cols = List.of(Columns.name(), Columns.string("Status", "The status of the namespace"),
        Columns.age());
    // Kubernetes sets status.phase=Active on create; print that for objects stored without it.
    return new KindConvertor(cols,
        (o, now) -> Arrays.asList(name(o), orDefault(str(o, "status.phase"), "Active"), age(o, now)), clock);
  }

  static TableConvertor configMaps(Clock clock) {
    List<Column> cols = List.of(Columns.name(), Columns.string("Data", "Data contains the configuration data."),
        Columns.age());
    return new KindConvertor(cols, (o, now) ->
        Arrays.asList(name(o), (long) (size(o, "data") + size(o, "binaryData")), age(o, now)), clock);
  }

  static TableConvertor secrets(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Type", "Used to facilitate programmatic handling of secret data."),
        Columns.string("Data", "Data contains the secret data."), Columns.age());
    // The API server defaults type to Opaque.
    return new KindConvertor(cols, (o, now) ->
        Arrays.asList(name(o), orDefault(str(o, "type"), "Opaque"), (long) size(o, "data"), age(o, now)), clock);
  }

  static TableConvertor serviceAccounts(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Secrets", "Secrets is a list of the secrets in the same namespace that pods running "
            + "using this ServiceAccount are allowed to use."),
        Columns.age());
    return new KindConvertor(cols, (o, now) ->
        Arrays.asList(name(o), (long) size(o, "secrets"), age(o, now)), clock);
  }

  static TableConvertor nodes(Clock clock) {
    List<Column> cols = List.of(Columns.name(), Columns.string("Status", "The status of the node"),
        Columns.string("Roles", "The roles of the node"), Columns.age(),
        Columns.string("Version", "Kubelet Version reported by the node."),
        Columns.wide("Internal-IP", "List of addresses reachable to the node."),
        Columns.wide("External-IP", "List of addresses reachable to the node."),
        Columns.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
        Columns.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
        Columns.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime "
            + "remote API (e.g. containerd://1.4.2)."));
    return new KindConvertor(cols, (o, now) -> {
      List<String> status = new ArrayList<>();
      JsonNode ready = null;
      for (JsonNode c : list(o, "status.conditions")) {
        if ("Ready".equals(str(c, "type"))) ready = c; // the last one wins, as with Go's map
      }
      if (ready != null) status.add("True".equals(str(ready, "status")) ? "Ready" : "NotReady");
      if (status.isEmpty()) status.add("Unknown");
      if (Fields.bool(o, "spec.unschedulable")) status.add("SchedulingDisabled");
      String roles = String.join(",", nodeRoles(node(o, "metadata.labels")));
      return Arrays.asList(name(o), String.join(",", status), roles.isEmpty() ? "<none>" : roles, age(o, now),
          str(o, "status.nodeInfo.kubeletVersion"), nodeAddress(o, "InternalIP"), nodeAddress(o, "ExternalIP"),
          orDefault(str(o, "status.nodeInfo.osImage"), "<unknown>"),
          orDefault(str(o, "status.nodeInfo.kernelVersion"), "<unknown>"),
          orDefault(str(o, "status.nodeInfo.containerRuntimeVersion"), "<unknown>"));
    }, clock);
  }

  private static TreeSet<String> nodeRoles(JsonNode labels) {
    TreeSet<String> roles = new TreeSet<>();
    if (labels == null || !labels.isObject()) return roles;
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      String k = e.getKey();
      String v = e.getValue().isNull() ? "" : e.getValue().asString();
      if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
        String role = k.substring(LABEL_NODE_ROLE_PREFIX.length());
        if (!role.isEmpty()) roles.add(role);
      } else if (k.equals(NODE_LABEL_ROLE) && !v.isEmpty()) {
        roles.add(v);
      }
    }
    return roles;
  }

  private static String nodeAddress(JsonNode node, String type) {
    for (JsonNode a : list(node, "status.addresses")) {
      if (type.equals(str(a, "type"))) return str(a, "address");
    }
    return "<none>";
  }

  static TableConvertor resourceQuotas(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
        Columns.string("Limit", "Limits control the maximum amount of cpu/memory that a container may use "
            + "independent of contention on the node."),
        Columns.age());
    return new KindConvertor(cols, (o, now) -> {
      TreeMap<String, String> hard = new TreeMap<>();
      JsonNode h = node(o, "status.hard");
      if (h != null && h.isObject()) h.properties().forEach(e -> hard.put(e.getKey(), e.getValue().asString()));
      List<String> requests = new ArrayList<>();
      List<String> limits = new ArrayList<>();
      hard.forEach((resource, hardQty) -> {
        JsonNode usedQty = node(o, "status.used") == null ? null : node(o, "status.used").get(resource);
        String used = usedQty == null || usedQty.isNull() ? "0" : usedQty.asString();
        String[] pieces = resource.split("\\.");
        (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests)
            .add(resource + ": " + used + "/" + hardQty);
      });
      return Arrays.asList(name(o), String.join(", ", requests), String.join(", ", limits), age(o, now));
    }, clock);
  }

  /** Kubernetes' default table for kinds without a printer (e.g. limitranges): NAME, CREATED AT. */
  static TableConvertor createdAt(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        new Column("Created At", "date", "", Columns.CREATION_TIMESTAMP_DESCRIPTION, 0));
    return new KindConvertor(cols, (o, now) -> {
      Instant t = Fields.time(o, "metadata.creationTimestamp");
      String created = DateTimeFormatter.ISO_INSTANT.format(
          (t == null ? HumanDuration.GO_ZERO_TIME : t).truncatedTo(ChronoUnit.SECONDS));
      return Arrays.asList(name(o), created);
    }, clock);
  }
}
