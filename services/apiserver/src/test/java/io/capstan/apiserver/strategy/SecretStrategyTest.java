package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class SecretStrategyTest {

  private final SecretStrategy strategy = new SecretStrategy();

  private ObjectNode secret(String body) {
    ObjectNode o = json("{'metadata':{'name':'s','namespace':'default'}," + body + "}");
    strategy.applyDefaults(o);
    return o;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes());
  }

  @Test
  void typeDefaultsAndStringDataIsFoldedIn() {
    ObjectNode o = secret("'data':{'a':'" + b64("old") + "','b':'" + b64("keep") + "'},'stringData':{'a':'new','c':'ü'}");
    assertThat(o.get("type").asString()).isEqualTo("Opaque");
    assertThat(o.has("stringData")).isFalse();
    assertThat(o.get("data")).isEqualTo(json("{'a':'" + b64("new") + "','b':'" + b64("keep") + "','c':'w7w='}"));
    assertThat(strategy.validate(o)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "'type':'kubernetes.io/tls','data':{'tls.crt':'QQ=='} | data[tls.key]: Required value",
      "'type':'kubernetes.io/service-account-token' | metadata.annotations[kubernetes.io/service-account.name]: Required value",
      "'type':'kubernetes.io/ssh-auth','data':{} | data[ssh-privatekey]: Required value",
      "'type':'kubernetes.io/dockerconfigjson','data':{} | data[.dockerconfigjson]: Required value",
      "'type':'kubernetes.io/dockerconfigjson','data':{'.dockerconfigjson':'WzFd'} | data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": json: cannot unmarshal array into Go value of type map[string]interface {}",
      "'data':{'k':'!!notbase64'} | data[k]: Invalid value: \"<secret contents redacted>\": illegal base64 data",
      "'data':{'a b':'QQ=='} | data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  })
  void typeRules(String body, String expected) {
    assertThat(lines(strategy.validate(secret(body)))).containsExactly(expected);
  }

  @Test
  void basicAuthNeedsUsernameOrPassword() {
    assertThat(lines(strategy.validate(secret("'type':'kubernetes.io/basic-auth','data':{}"))))
        .containsExactly("data[username]: Required value", "data[password]: Required value");
    assertThat(strategy.validate(secret("'type':'kubernetes.io/basic-auth','data':{'password':''}"))).isEmpty();
  }

  @Test
  void sizeLimit() {
    ObjectNode o = secret("'data':{}");
    ((ObjectNode) o.get("data")).put("big", b64("x".repeat(1024 * 1024 + 1)));
    assertThat(lines(strategy.validate(o))).containsExactly("data: Too long: may not be more than 1048576 bytes");
  }

  @Test
  void updates() {
    ObjectNode old = secret("'immutable':true,'data':{'a':'QQ=='}");
    ObjectNode changed = secret("'type':'kubernetes.io/tls','data':{'a':'Qg==','tls.crt':'','tls.key':''}");
    assertThat(lines(strategy.validateUpdate(changed, old))).containsExactly(
        "type: Invalid value: \"kubernetes.io/tls\": field is immutable",
        "immutable: Forbidden: field is immutable when `immutable` is set",
        "data: Forbidden: field is immutable when `immutable` is set");
    assertThat(strategy.validateUpdate(old.deepCopy(), old)).isEmpty();
  }
}
