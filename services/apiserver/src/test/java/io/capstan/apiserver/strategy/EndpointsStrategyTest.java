package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EndpointsStrategyTest {
  private final EndpointsStrategy strategy = new EndpointsStrategy();

  @Test
  void portsDefaultToTcpAndAreChecked() {
    ObjectNode ep = json("{'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'fd00::1'}],'ports':[{'port':80}]}]}");
    strategy.applyDefaults(ep);
    assertThat(ep.at("/subsets/0/ports/0/protocol").asString()).isEqualTo("TCP");
    assertThat(strategy.validate(ep)).isEmpty();
    assertThat(lines(strategy.validate(json(
        "{'subsets':[{'addresses':[{'ip':'node-1'}],'ports':[{'port':80,'protocol':'TCP'},{'port':0,'name':'b','protocol':'TCP'}]}]}"))))
        .containsExactly("subsets[0].addresses[0].ip: Invalid value: \"node-1\": must be a valid IP address",
            "subsets[0].ports[0].name: Required value",
            "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive");
    assertThat(strategy.hasStatus()).isFalse();
  }
}
