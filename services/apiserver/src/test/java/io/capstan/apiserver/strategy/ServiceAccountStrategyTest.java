package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceAccountStrategyTest {
  @Test
  void secretReferences() {
    ServiceAccountStrategy strategy = new ServiceAccountStrategy();
    assertThat(strategy.hasStatus()).isFalse();
    assertThat(strategy.validate(json("{'secrets':[{'name':'tok'}],'imagePullSecrets':[{'name':'reg'}]}"))).isEmpty();
    assertThat(lines(strategy.validate(json("{'imagePullSecrets':[{'name':'Reg'}]}")))).containsExactly(
        "imagePullSecrets[0].name: Invalid value: \"Reg\": " + TestObjects.SUBDOMAIN_MSG);
  }
}
