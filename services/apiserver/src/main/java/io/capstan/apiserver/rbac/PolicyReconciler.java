package io.capstan.apiserver.rbac;

import io.capstan.apiserver.rbac.BootstrapPolicy.BindingSpec;
import io.capstan.apiserver.rbac.BootstrapPolicy.ClusterRoleSpec;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import java.util.Map;
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
 * Creates the default policy at first start and reconciles it at every start, as Kubernetes'
 * {@code rbac/bootstrap-roles} post-start hook does: missing roles and bindings are created; an
 * existing one with {@code rbac.authorization.kubernetes.io/autoupdate: "true"} (or none) gets
 * the default's missing rules, labels, aggregation rule and subjects added — never removed, so an
 * administrator's additions survive; {@code "false"} leaves it alone.
 */
@Component
@Order(20)
public class PolicyReconciler implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(PolicyReconciler.class);
  private final GenericRegistry registry;
  private final Served clusterRoles;
  private final Served clusterRoleBindings;

  public PolicyReconciler(GenericRegistry registry, ResourceCatalog catalog) {
    this.registry = registry;
    this.clusterRoles = catalog.find("rbac.authorization.k8s.io", "v1", "clusterroles").orElseThrow();
    this.clusterRoleBindings = catalog.find("rbac.authorization.k8s.io", "v1", "clusterrolebindings").orElseThrow();
  }

  @Override
  public void run(ApplicationArguments args) {
    reconcile();
  }

  public void reconcile() {
    int written = 0;
    for (ClusterRoleSpec spec : BootstrapPolicy.clusterRoles()) {
      if (ensure(clusterRoles, spec.name(), roleObject(spec), (current, desired) -> mergeRole(current, desired))) written++;
    }
    for (BindingSpec spec : BootstrapPolicy.clusterRoleBindings()) {
      if (ensure(clusterRoleBindings, spec.name(), bindingObject(spec), PolicyReconciler::mergeBinding)) written++;
    }
    for (String name : BootstrapPolicy.RETIRED) {
      retire(clusterRoleBindings, name);
      retire(clusterRoles, name);
    }
    if (written > 0) log.info("bootstrap RBAC policy: {} objects created or updated", written);
  }

  /** Deletes a default object an older Capstan created and this one no longer grants, unless an administrator adopted it. */
  private void retire(Served served, String name) {
    ObjectNode current;
    try {
      current = registry.get(served, null, name);
    } catch (ApiException e) {
      if (e.code() == 404) return;
      throw e;
    }
    if (!retirable(current)) return;
    try {
      registry.delete(served, null, name, io.capstan.apiserver.registry.DeleteOptions.defaults());
      log.info("bootstrap RBAC policy: retired {} {}", served.type().kind(), name);
    } catch (ApiException e) {
      if (e.code() != 404) throw e;
    }
  }

  /** Carries the bootstrapping label and was not marked {@code autoupdate: "false"} by an administrator. */
  static boolean retirable(ObjectNode current) {
    JsonNode meta = current.path("metadata");
    boolean bootstrap = "rbac-defaults".equals(meta.path("labels").path("kubernetes.io/bootstrapping").asString(""));
    return bootstrap && !"false".equals(meta.path("annotations").path(BootstrapPolicy.AUTOUPDATE).asString("true"));
  }

  private interface Merge {
    /** Adds what {@code desired} has and {@code current} lacks; returns true when it changed anything. */
    boolean merge(ObjectNode current, ObjectNode desired);
  }

  private boolean ensure(Served served, String name, ObjectNode desired, Merge merge) {
    try {
      registry.create(served, null, desired, false);
      return true;
    } catch (ApiException e) {
      if (e.code() != 409) throw e;
    }
    boolean[] changed = {false};
    registry.patch(served, null, name, current -> {
      changed[0] = false;
      String auto = current.path("metadata").path("annotations").path(BootstrapPolicy.AUTOUPDATE).asString("true");
      if (!"false".equals(auto)) changed[0] = merge.merge(current, desired);
      return current;
    }, false, false);
    return changed[0];
  }

  static boolean mergeRole(ObjectNode current, ObjectNode desired) {
    boolean changed = mergeMetadata(current, desired);
    if (desired.has("aggregationRule")) {
      if (!desired.get("aggregationRule").equals(current.get("aggregationRule"))) {
        current.set("aggregationRule", desired.get("aggregationRule").deepCopy());
        changed = true;
      }
      return changed; // rules of an aggregated role belong to the aggregator
    }
    List<PolicyRule> have = PolicyRule.fromJson(current.get("rules"));
    ArrayNode rules = current.has("rules") && current.get("rules").isArray()
        ? (ArrayNode) current.get("rules") : current.putArray("rules");
    for (PolicyRule want : PolicyRule.fromJson(desired.get("rules"))) {
      if (!RuleCoverage.uncovered(have, List.of(want)).isEmpty()) {
        rules.add(want.toJson());
        changed = true;
      }
    }
    return changed;
  }

  static boolean mergeBinding(ObjectNode current, ObjectNode desired) {
    boolean changed = mergeMetadata(current, desired);
    ArrayNode subjects = current.has("subjects") && current.get("subjects").isArray()
        ? (ArrayNode) current.get("subjects") : current.putArray("subjects");
    for (JsonNode s : desired.path("subjects")) {
      boolean present = false;
      for (JsonNode h : subjects) present |= h.path("kind").equals(s.path("kind")) && h.path("name").equals(s.path("name"));
      if (!present) {
        subjects.add(s.deepCopy());
        changed = true;
      }
    }
    return changed;
  }

  private static boolean mergeMetadata(ObjectNode current, ObjectNode desired) {
    boolean changed = false;
    for (String part : List.of("labels", "annotations")) {
      JsonNode want = desired.path("metadata").path(part);
      ObjectNode have = Json.objectAt(Json.objectAt(current, "metadata"), part);
      for (String k : want.propertyNames()) {
        if (!have.has(k)) {
          have.put(k, want.get(k).asString());
          changed = true;
        }
      }
    }
    return changed;
  }

  public static ObjectNode roleObject(ClusterRoleSpec spec) {
    ObjectNode o = Json.object();
    o.put("apiVersion", "rbac.authorization.k8s.io/v1");
    o.put("kind", "ClusterRole");
    metadata(o, spec.name(), spec.labels());
    ArrayNode rules = o.putArray("rules");
    spec.rules().forEach(r -> rules.add(r.toJson()));
    if (!spec.aggregateFrom().isEmpty()) {
      ArrayNode selectors = o.putObject("aggregationRule").putArray("clusterRoleSelectors");
      for (Map<String, String> sel : spec.aggregateFrom()) {
        ObjectNode ml = selectors.addObject().putObject("matchLabels");
        sel.forEach(ml::put);
      }
    }
    return o;
  }

  public static ObjectNode bindingObject(BindingSpec spec) {
    ObjectNode o = Json.object();
    o.put("apiVersion", "rbac.authorization.k8s.io/v1");
    o.put("kind", "ClusterRoleBinding");
    metadata(o, spec.name(), Map.of());
    ObjectNode ref = o.putObject("roleRef");
    ref.put("apiGroup", "rbac.authorization.k8s.io");
    ref.put("kind", "ClusterRole");
    ref.put("name", spec.role());
    ArrayNode subjects = o.putArray("subjects");
    for (String g : spec.groups()) subjects.addObject().put("apiGroup", "rbac.authorization.k8s.io").put("kind", "Group").put("name", g);
    for (String u : spec.users()) subjects.addObject().put("apiGroup", "rbac.authorization.k8s.io").put("kind", "User").put("name", u);
    for (String sa : spec.serviceAccounts()) {
      int colon = sa.indexOf(':');
      subjects.addObject().put("kind", "ServiceAccount").put("name", sa.substring(colon + 1)).put("namespace", sa.substring(0, colon));
    }
    return o;
  }

  private static void metadata(ObjectNode o, String name, Map<String, String> extraLabels) {
    ObjectNode md = o.putObject("metadata");
    md.put("name", name);
    ObjectNode labels = md.putObject("labels");
    BootstrapPolicy.LABELS.forEach(labels::put);
    extraLabels.forEach(labels::put);
    md.putObject("annotations").put(BootstrapPolicy.AUTOUPDATE, "true");
  }
}
