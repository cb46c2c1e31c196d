package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EndpointSliceStrategyTest {
  private final EndpointSliceStrategy strategy = new EndpointSliceStrategy();

  @Test
  void defaultsAndRules() {
    ObjectNode slice = json("{'addressType':'IPv4','endpoints':[{'addresses':['10.0.0.1']}],'ports':[{'port':80}]}");
    strategy.applyDefaults(slice);
    assertThat(slice.at("/ports/0")).isEqualTo(json("{'port':80,'protocol':'TCP','name':''}"));
    assertThat(strategy.validate(slice)).isEmpty();
    assertThat(lines(strategy.validate(json("{'addressType':'IPv4','endpoints':[{'addresses':[]},{'addresses':['fd00::1']}]}"))))
        .containsExactly("endpoints[0].addresses: Required value: must contain at least 1 address",
            "endpoints[1].addresses[0]: Invalid value: \"fd00::1\": must be a valid IPv4 address");
    assertThat(lines(strategy.validate(json("{'addressType':'IPX'}"))))
        .containsExactly("addressType: Unsupported value: \"IPX\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"");
  }

  @Test
  void addressTypeImmutable() {
    assertThat(lines(strategy.validateUpdate(json("{'addressType':'IPv6'}"), json("{'addressType':'IPv4'}"))))
        .containsExactly("addressType: Invalid value: \"IPv6\": field is immutable");
  }
}
