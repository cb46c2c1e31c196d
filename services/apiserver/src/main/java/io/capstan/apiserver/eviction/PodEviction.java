package io.capstan.apiserver.eviction;

import io.capstan.apiserver.admission.noderestriction.NodeRestriction;
import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pods/eviction} (a policy/v1 Eviction): deletes a pod unless that would break the
 * PodDisruptionBudget covering it. The budget's allowance is spent in the same optimistic write
 * that reads it, so two concurrent evictions cannot both take the last allowed disruption.
 */
@Component
public class PodEviction {
  private final GenericRegistry registry;
  private final ResourceCatalog catalog;
  private final Clock clock;
  private final NodeRestriction nodeRestriction;

  public PodEviction(GenericRegistry registry, ResourceCatalog catalog, Clock clock, NodeRestriction nodeRestriction) {
    this.nodeRestriction = nodeRestriction;
    this.registry = registry;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Evicts {@code namespace/name}; throws the refusal (429, 403) or the pod's own errors (404). */
  public void evict(Served pods, String namespace, String name, ObjectNode eviction, boolean dryRun) {
    String bodyName = Json.text(eviction, "metadata.name");
    if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.badRequest("name in URL does not match name in Eviction object");
    }
    JsonNode deleteBody = eviction.get("deleteOptions");
    DeleteOptions options = DeleteOptions.from(deleteBody == null || deleteBody.isNull() ? null : deleteBody,
        null, null, dryRun);
    ObjectNode pod = registry.get(pods, namespace, name);
    nodeRestriction.admitEviction(pods.type(), pod);
    if (!DisruptionBudgetCheck.budgetIrrelevant(pod)) {
      List<ObjectNode> budgets = budgetsOf(namespace, pod);
      if (budgets.size() > 1) {
        // Upstream answers 500 here too: the budgets are ambiguous, which no retry of the client fixes.
        throw ApiException.internal(
            "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
      }
      if (budgets.size() == 1 && !DisruptionBudgetCheck.unhealthyPodMayGo(budgets.get(0), pod)) {
        spend(namespace, Json.text(budgets.get(0), "metadata.name"), name, options.dryRun());
      }
    }
    registry.delete(pods, namespace, name, options);
  }

  private List<ObjectNode> budgetsOf(String namespace, ObjectNode pod) {
    Served pdbs = budgets();
    return registry.list(pdbs, namespace, new ListOptions(pdb -> DisruptionBudgetCheck.selects(pdb, pod), 0, null))
        .items();
  }

  private void spend(String namespace, String pdbName, String podName, boolean dryRun) {
    registry.patch(budgets(), namespace, pdbName,
        pdb -> DisruptionBudgetCheck.spend(pdb, podName, clock.instant()), true, dryRun);
  }

  private Served budgets() {
    return catalog.find("policy", "v1", "poddisruptionbudgets")
        .orElseThrow(() -> ApiException.internal("policy/v1 poddisruptionbudgets is not served"));
  }
}
