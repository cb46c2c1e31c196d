package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ConfigMapStrategyTest {

  private final ConfigMapStrategy strategy = new ConfigMapStrategy();

  static final String KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
      + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

  @Test
  void keys() {
    assertThat(strategy.validate(json("{'data':{'app.properties':'x','KEY_1':'y','-a.b_c':''},'binaryData':{'logo.png':'AAE='}}")))
        .isEmpty();
    assertThat(lines(strategy.validate(json("{'data':{'bad key':'x','..':'y','..x':'z','dup':'1'},'binaryData':{'dup':'AA=='}}"))))
        .containsExactly("data[bad key]: Invalid value: \"bad key\": " + KEY_MSG,
            "data[..]: Invalid value: \"..\": must not be '..'",
            "data[..x]: Invalid value: \"..x\": must not start with '..'",
            "data[dup]: Invalid value: \"dup\": duplicate of key present in binaryData");
  }

  @Test
  void oneMebibyteInAll() {
    ObjectNode cm = json("{'data':{}}");
    ((ObjectNode) cm.get("data")).put("a", "x".repeat(600 * 1024)).put("b", "y".repeat(600 * 1024));
    assertThat(lines(strategy.validate(cm))).containsExactly("[]: Too long: may not be more than 1048576 bytes");
    ((ObjectNode) cm.get("data")).remove("b");
    assertThat(strategy.validate(cm)).isEmpty();
  }

  @Test
  void immutableConfigMapsKeepTheirData() {
    ObjectNode old = json("{'immutable':true,'data':{'a':'1'}}");
    assertThat(strategy.validateUpdate(json("{'immutable':true,'data':{'a':'1'},'metadata':{'labels':{'x':'y'}}}"), old))
        .isEmpty();
    assertThat(lines(strategy.validateUpdate(json("{'data':{'a':'2'},'binaryData':{'b':'AA=='}}"), old))).containsExactly(
        "immutable: Forbidden: field is immutable when `immutable` is set",
        "data: Forbidden: field is immutable when `immutable` is set",
        "binaryData: Forbidden: field is immutable when `immutable` is set");
    assertThat(strategy.validateUpdate(json("{'data':{'a':'2'}}"), json("{'data':{'a':'1'}}"))).isEmpty();
    assertThat(strategy.hasStatus()).isFalse();
  }
}
