package io.capstan.apiserver.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.resource.BuiltinResources;
import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.resource.Strategies;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrategiesTest {

  /** The kinds that have no spec/status split, as Kubernetes serves them. */
  private static final Set<String> NO_STATUS = Set.of("/configmaps", "/secrets", "/events", "/serviceaccounts",
      "/endpoints", "/limitranges", "coordination.k8s.io/leases", "discovery.k8s.io/endpointslices",
      "events.k8s.io/events", "scheduling.k8s.io/priorityclasses", "apps/controllerrevisions",
      "networking.k8s.io/ingressclasses", "networking.k8s.io/networkpolicies",
      "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles",
      "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings");

  @Test
  void everyBuiltinHasItsOwnStrategy() {
    ResourceStrategy fallback = Strategies.forResource("example.com", "widgets");
    for (ResourceType t : BuiltinResources.all()) {
      ResourceStrategy s = Strategies.forResource(t.group(), t.plural());
      assertThat(s).as(t.qualifiedName()).isNotSameAs(fallback);
      assertThat(s.getClass().getSimpleName()).as(t.qualifiedName()).endsWith("Strategy");
    }
  }

  @Test
  void statusSplitMatchesKubernetes() {
    for (ResourceType t : BuiltinResources.all()) {
      boolean expected = !NO_STATUS.contains(t.group() + "/" + t.plural());
      assertThat(Strategies.forResource(t.group(), t.plural()).hasStatus()).as(t.qualifiedName()).isEqualTo(expected);
    }
  }

  @Test
  void unknownResourcesGetTheDefault() {
    ResourceStrategy s = Strategies.forResource("example.com", "widgets");
    assertThat(s.hasStatus()).isTrue();
    assertThat(s.validate(TestObjects.json("{}"))).isEmpty();
  }
}
