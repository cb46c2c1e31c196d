package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NodeStrategyTest {

  private final NodeStrategy strategy = new NodeStrategy();

  @Test
  void allocatableDefaultsToCapacity() {
    ObjectNode n = json("{'metadata':{'name':'n1'},'status':{'capacity':{'cpu':'4','memory':'8Gi','pods':'110'}}}");
    strategy.applyDefaults(n);
    assertThat(n.at("/status/allocatable")).isEqualTo(json("{'cpu':'4','memory':'8Gi','pods':'110'}"));
    ObjectNode given = json("{'status':{'capacity':{'cpu':'4'},'allocatable':{'cpu':'3'}}}");
    strategy.applyDefaults(given);
    assertThat(given.at("/status/allocatable/cpu").asString()).isEqualTo("3");
    assertThat(strategy.validate(n)).isEmpty();
  }

  @Test
  void taintsAndCidrs() {
    assertThat(lines(strategy.validate(json("""
        {'spec':{'podCIDR':'10.244.0.0/33','taints':[{'key':'a','effect':'NoSchedule'},{'key':'b','effect':'Sometimes'},
                 {'key':'a','effect':'NoSchedule'},{'key':'c'}]},
         'status':{'capacity':{'cpu':'four'}}}""")))).containsExactly(
        "spec.taints[1].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
        "spec.taints: Duplicate value: \"taints must be unique by key and effect pair\"",
        "spec.taints[3].effect: Required value",
        "spec.podCIDR: Invalid value: \"10.244.0.0/33\": must be a valid CIDR",
        "status.capacity[cpu]: Invalid value: \"four\": " + Quantity.FORMAT_ERROR);
  }
}
