package io.capstan.apiserver.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NetworkPolicyStrategyTest {
  private final NetworkPolicyStrategy strategy = new NetworkPolicyStrategy();

  @Test
  void ingressOnlyPolicyGetsIngressTypeAndTcpPorts() {
    ObjectNode p = (ObjectNode) Json.MAPPER.readTree(
        "{\"spec\":{\"podSelector\":{},\"ingress\":[{\"ports\":[{\"port\":80}]}]}}");
    strategy.applyDefaults(p);
    assertThat(p.path("spec").path("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
    assertThat(Json.text(p.path("spec").path("ingress").get(0).path("ports").get(0), "protocol")).isEqualTo("TCP");
  }

  @Test
  void egressRulesAddEgressTypeAndGivenTypesStay() {
    ObjectNode withEgress = (ObjectNode) Json.MAPPER.readTree("{\"spec\":{\"egress\":[{}]}}");
    strategy.applyDefaults(withEgress);
    assertThat(withEgress.path("spec").path("policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
    ObjectNode given = (ObjectNode) Json.MAPPER.readTree("{\"spec\":{\"policyTypes\":[\"Egress\"]}}");
    strategy.applyDefaults(given);
    assertThat(given.path("spec").path("policyTypes").toString()).isEqualTo("[\"Egress\"]");
  }
}
