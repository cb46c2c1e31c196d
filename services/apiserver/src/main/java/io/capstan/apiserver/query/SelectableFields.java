package io.capstan.apiserver.query;

import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The field selectors one resource accepts and how their values are read, after Kubernetes'
 * field label conversion funcs ({@code pkg/apis/<group>/<version>/conversion.go}) and
 * {@code ToSelectableFields}/{@code GetAttrs} in {@code pkg/registry/<group>/<kind>/strategy.go}.
 * Resources without a table accept only metadata.name and metadata.namespace, as upstream's
 * {@code DefaultMetaV1FieldSelectorConversion} does.
 */
final class SelectableFields {

  /** How Kubernetes words the rejection of an unsupported field for a kind. */
  private enum Wording { CORE, JOB, DEFAULT }

  private final Map<String, Function<JsonNode, List<String>>> readers;
  private final Map<String, String> aliases;
  private final Wording wording;

  private SelectableFields(Map<String, Function<JsonNode, List<String>>> readers, Map<String, String> aliases,
      Wording wording) {
    this.readers = readers;
    this.aliases = aliases;
    this.wording = wording;
  }

  private static final Map<String, SelectableFields> TABLE = new LinkedHashMap<>();
  private static final SelectableFields DEFAULT = builder(Wording.DEFAULT).meta(true).build();

  static {
    TABLE.put("/pods", builder(Wording.CORE).meta(true)
        .text("spec.nodeName").text("spec.restartPolicy").text("spec.schedulerName")
        .text("spec.serviceAccountName").bool("spec.hostNetwork").text("status.phase")
        .field("status.podIP", o -> List.of(firstPodIp(o)))
        .field("status.podIPs", SelectableFields::podIps)
        .text("status.nominatedNodeName")
        .alias("spec.host", "spec.nodeName")
        .build());
    TABLE.put("/nodes", builder(Wording.CORE).meta(false).bool("spec.unschedulable").build());
    TABLE.put("/replicationcontrollers", builder(Wording.CORE).meta(true).count("status.replicas").build());
    TABLE.put("/events", builder(Wording.CORE).meta(true)
        .text("involvedObject.kind").text("involvedObject.namespace").text("involvedObject.name")
        .text("involvedObject.uid").text("involvedObject.apiVersion").text("involvedObject.resourceVersion")
        .text("involvedObject.fieldPath").text("reason").text("reportingComponent")
        .field("source", o -> List.of(firstNonEmpty(text(o, "source.component"), text(o, "reportingComponent"))))
        .text("type")
        .build());
    TABLE.put("events.k8s.io/events", builder(Wording.CORE).meta(true)
        .text("regarding.kind").text("regarding.namespace").text("regarding.name").text("regarding.uid")
        .text("regarding.apiVersion").text("regarding.resourceVersion").text("regarding.fieldPath")
        .text("reason").text("reportingController").text("type")
        .field("source", o -> List.of(
            firstNonEmpty(text(o, "deprecatedSource.component"), text(o, "reportingController"))))
        .build());
    TABLE.put("/namespaces", builder(Wording.CORE).meta(false).text("status.phase")
        .alias("name", "metadata.name").build());
    TABLE.put("/secrets", builder(Wording.CORE).meta(true).text("type").build());
    TABLE.put("/services", builder(Wording.CORE).meta(true).text("spec.clusterIP").text("spec.type").build());
    TABLE.put("/persistentvolumes", builder(Wording.CORE).meta(false).alias("name", "metadata.name").build());
    TABLE.put("/persistentvolumeclaims", builder(Wording.CORE).meta(true).alias("name", "metadata.name").build());
    TABLE.put("apps/replicasets", builder(Wording.CORE).meta(true).count("status.replicas").build());
    TABLE.put("batch/jobs", builder(Wording.JOB).meta(true).field("status.successful",
        o -> List.of(Long.toString(number(o, "status.succeeded")))).build());
    TABLE.put("certificates.k8s.io/certificatesigningrequests",
        builder(Wording.CORE).meta(false).text("spec.signerName").build());
  }

  static SelectableFields of(String group, String plural) {
    return TABLE.getOrDefault((group == null ? "" : group) + "/" + plural, DEFAULT);
  }

  Set<String> accepted() {
    Set<String> s = new java.util.LinkedHashSet<>(readers.keySet());
    s.addAll(aliases.keySet());
    return java.util.Collections.unmodifiableSet(s);
  }

  /** The field a selector label stands for, or null when the kind does not accept it. */
  String canonical(String label) {
    if (readers.containsKey(label)) return label;
    return aliases.get(label);
  }

  /**
   * The values of a field: one for ordinary fields ("" when absent), every IP for
   * {@code status.podIPs}; fields outside the table are read from the JSON path.
   */
  List<String> values(JsonNode object, String field) {
    Function<JsonNode, List<String>> reader = readers.get(field);
    if (reader != null) return reader.apply(object);
    return List.of(text(object, field));
  }

  String unsupportedMessage(String label) {
    return switch (wording) {
      case CORE -> "field label not supported: " + label;
      case JOB -> "field label " + LabelValidation.quote(label) + " not supported for batchv1.Job";
      case DEFAULT -> LabelValidation.quote(label) + " is not a known field selector: only \"metadata.name\", "
          + "\"metadata.namespace\"";
    };
  }

  // ---- readers ----

  static String text(JsonNode object, String dottedPath) {
    JsonNode cur = object;
    for (String part : dottedPath.split("\\.")) {
      if (cur == null || !cur.isObject()) return "";
      cur = cur.get(part);
    }
    if (cur == null || cur.isNull() || cur.isContainer()) return "";
    return cur.asString();
  }

  private static long number(JsonNode object, String dottedPath) {
    String s = text(object, dottedPath);
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  private static String firstPodIp(JsonNode pod) {
    List<String> ips = podIps(pod);
    if (!ips.isEmpty() && !ips.get(0).isEmpty()) return ips.get(0);
    return text(pod, "status.podIP");
  }

  /**
   * Every pod IP. Upstream accepts {@code status.podIPs} but never fills it in GetAttrs, so it can
   * only match ""; Capstan matches when any of the pod's IPs equals the value, which is what a
   * caller asking for it means.
   */
  private static List<String> podIps(JsonNode pod) {
    List<String> out = new ArrayList<>();
    JsonNode ips = pod == null ? null : pod.path("status").path("podIPs");
    if (ips != null && ips.isArray()) {
      for (JsonNode ip : ips) {
        String s = text(ip, "ip");
        if (!s.isEmpty()) out.add(s);
      }
    }
    if (out.isEmpty()) {
      String single = text(pod, "status.podIP");
      out.add(single);
    }
    return out;
  }

  // ---- builder ----

  private static Builder builder(Wording wording) {
    return new Builder(wording);
  }

  private static final class Builder {
    private final Wording wording;
    private final Map<String, Function<JsonNode, List<String>>> readers = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    Builder(Wording wording) {
      this.wording = wording;
    }

    Builder meta(boolean withNamespace) {
      text("metadata.name");
      if (withNamespace) text("metadata.namespace");
      return this;
    }

    Builder text(String path) {
      return field(path, o -> List.of(SelectableFields.text(o, path)));
    }

    Builder bool(String path) {
      return field(path, o -> List.of(Boolean.toString("true".equals(SelectableFields.text(o, path)))));
    }

    Builder count(String path) {
      return field(path, o -> List.of(Long.toString(number(o, path))));
    }

    Builder field(String name, Function<JsonNode, List<String>> reader) {
      readers.put(name, reader);
      return this;
    }

    Builder alias(String label, String field) {
      aliases.put(label, field);
      return this;
    }

    SelectableFields build() {
      return new SelectableFields(java.util.Collections.unmodifiableMap(readers),
          java.util.Collections.unmodifiableMap(aliases), wording);
    }
  }
}
