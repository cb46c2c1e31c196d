package io.capstan.apiserver.rbac;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.client.informer.Store;
import io.capstan.model.ApiException;
import io.capstan.model.selector.LabelSelector;
import io.capstan.model.selector.SelectorSyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' clusterrole-aggregation controller: a ClusterRole with an {@code aggregationRule}
 * gets, as its rules, the union of the rules of every ClusterRole its selectors match (in name
 * order, duplicates dropped). Runs on every ClusterRole change, coalesced on one thread; writes
 * only when the union differs, so it settles.
 */
@Component
public class ClusterRoleAggregator implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(ClusterRoleAggregator.class);
  private final Store<ObjectNode> roles;
  private final GenericRegistry registry;
  private final Served clusterRoles;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "clusterrole-aggregator"));
  private final AtomicBoolean pending = new AtomicBoolean();

  public ClusterRoleAggregator(RbacInformers informers, GenericRegistry registry, ResourceCatalog catalog) {
    this.roles = informers.clusterRoles().store();
    this.registry = registry;
    this.clusterRoles = catalog.find("rbac.authorization.k8s.io", "v1", "clusterroles").orElseThrow();
    informers.clusterRoles().addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ObjectNode object, boolean initialList) {
        schedule();
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode now) {
        if (!old.equals(now)) schedule();
      }

      @Override
      public void onDelete(ObjectNode lastKnown) {
        schedule();
      }
    });
    schedule();
  }

  private void schedule() {
    if (pending.compareAndSet(false, true)) worker.execute(() -> {
      pending.set(false);
      try {
        aggregateAll();
      } catch (RuntimeException e) {
        log.warn("cluster role aggregation failed, retried on the next change: {}", e.toString());
      }
    });
  }

  void aggregateAll() {
    List<ObjectNode> all = new ArrayList<>(roles.list());
    all.sort(Comparator.comparing(r -> r.path("metadata").path("name").asString("")));
    for (ObjectNode role : all) {
      if (!role.path("aggregationRule").isObject()) continue;
      ArrayNode wanted = aggregate(role, all);
      if (wanted.equals(role.path("rules"))) continue;
      String name = role.path("metadata").path("name").asString();
      try {
        registry.patch(clusterRoles, null, name, current -> {
          current.set("rules", wanted.deepCopy());
          return current;
        }, false, false);
      } catch (ApiException e) {
        if (e.code() != 404) throw e; // deleted meanwhile: nothing to aggregate into
      }
    }
  }

  /** The union of the rules of the roles {@code role}'s selectors match, in name order, without duplicates. */
  public static ArrayNode aggregate(ObjectNode role, List<ObjectNode> all) {
    List<LabelSelector> selectors = new ArrayList<>();
    for (JsonNode sel : role.path("aggregationRule").path("clusterRoleSelectors")) {
      try {
        selectors.add(LabelSelector.fromJson(sel));
      } catch (SelectorSyntaxException e) {
        log.warn("ClusterRole {} has an invalid aggregation selector: {}", role.path("metadata").path("name").asString(), e.getMessage());
      }
    }
    String self = role.path("metadata").path("name").asString("");
    ArrayNode rules = JsonNodeFactory.instance.arrayNode();
    List<PolicyRule> seen = new ArrayList<>();
    for (ObjectNode other : all) {
      if (other.path("metadata").path("name").asString("").equals(self)) continue;
      JsonNode labels = other.path("metadata").path("labels");
      if (selectors.stream().noneMatch(s -> s.matches(labels))) continue;
      for (PolicyRule r : PolicyRule.fromJson(other.get("rules"))) {
        if (seen.contains(r)) continue;
        seen.add(r);
        rules.add(r.toJson());
      }
    }
    return rules;
  }

  @Override
  public void destroy() {
    worker.shutdownNow();
  }
}
