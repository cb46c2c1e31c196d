package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * networking.k8s.io/v1 NetworkPolicy, without status. Defaults as Kubernetes: port protocol TCP,
 * and policyTypes [Ingress], plus Egress when egress rules are given.
 */
public class NetworkPolicyStrategy implements ResourceStrategy {

  @Override
  public void applyDefaults(ObjectNode policy) {
    ObjectNode spec = Json.objectAt(policy, "spec");
    for (String direction : new String[] {"ingress", "egress"}) {
      for (JsonNode rule : spec.path(direction)) {
        for (JsonNode port : rule.path("ports")) {
          if (port instanceof ObjectNode p && !p.has("protocol")) p.put("protocol", "TCP");
        }
      }
    }
    if (!spec.has("policyTypes")) {
      ArrayNode types = spec.putArray("policyTypes");
      types.add("Ingress");
      if (spec.has("egress")) types.add("Egress");
    }
  }

  @Override
  public boolean hasStatus() {
    return false;
  }
}
