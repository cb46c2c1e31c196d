package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class DeploymentStrategyTest {

  private final DeploymentStrategy strategy = new DeploymentStrategy();

  static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'web'}},"
      + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}";

  private ObjectNode deployment(String specFields) {
    ObjectNode d = json("{'metadata':{'name':'web','namespace':'default'},'spec':{" + specFields + "}}");
    strategy.applyDefaults(d);
    return d;
  }

  private List<String> errors(String specFields) {
    return lines(strategy.validate(deployment(specFields)));
  }

  @Test
  void defaults() {
    ObjectNode d = deployment("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(d.at("/spec/strategy")).isEqualTo(json(
        "{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':'25%','maxSurge':'25%'}}"));
    assertThat(d.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(d.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(d.at("/spec/template/spec/restartPolicy").asString()).isEqualTo("Always");
    assertThat(d.at("/spec/template/spec/containers/0/terminationMessagePolicy").asString()).isEqualTo("File");
    // Pod-only defaults stay out of templates, as upstream.
    assertThat(d.at("/spec/template/spec").has("enableServiceLinks")).isFalse();
    assertThat(d.has("status")).isFalse();
    assertThat(strategy.validate(d)).isEmpty();
  }

  @Test
  void recreateGetsNoRollingUpdate() {
    ObjectNode d = deployment("'strategy':{'type':'Recreate'},'replicas':3,'selector':{'matchLabels':{'app':'web'}},"
        + TEMPLATE);
    assertThat(d.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(3);
  }

  @Test
  void negativeReplicasPrintLikeKubectl() {
    ObjectNode d = deployment("'replicas':-1,'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    ApiException e = ApiException.invalid("apps", "Deployment", "web", strategy.validate(d));
    assertThat(e.getMessage())
        .isEqualTo("Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    assertThat(e.causes().get(0).field()).isEqualTo("spec.replicas");
    assertThat(e.causes().get(0).message()).isEqualTo("Invalid value: -1: must be greater than or equal to 0");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "'selector':{'matchLabels':{'app':'api'}} | spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`",
      "'selector':{} | spec.selector: Invalid value: {}: empty selector is invalid for deployment",
      "'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'Recreate','rollingUpdate':{}} | spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      "'selector':{'matchLabels':{'app':'web'}},'strategy':{'rollingUpdate':{'maxUnavailable':0,'maxSurge':0}} | spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
      "'selector':{'matchLabels':{'app':'web'}},'strategy':{'rollingUpdate':{'maxUnavailable':'120%'}} | spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"120%\": must not be greater than 100%",
      "'selector':{'matchLabels':{'app':'web'}},'strategy':{'rollingUpdate':{'maxSurge':'abc'}} | spec.strategy.rollingUpdate.maxSurge: Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      "'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'Canary'} | spec.strategy: Unsupported value: {\"type\":\"Canary\"}: supported values: \"Recreate\", \"RollingUpdate\"",
      "'selector':{'matchLabels':{'app':'web'}},'minReadySeconds':10,'progressDeadlineSeconds':5 | spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds",
      "'selector':{'matchLabels':{'app':'web'}},'revisionHistoryLimit':-2 | spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
  })
  void specRules(String specFields, String expected) {
    assertThat(errors(specFields + "," + TEMPLATE)).containsExactly(expected);
  }

  @Test
  void missingSelectorAlsoFailsTheTemplateMatch() {
    assertThat(errors(TEMPLATE)).containsExactly("spec.selector: Required value",
        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`");
  }

  @Test
  void badSelectorOperatorSkipsTemplateChecks() {
    assertThat(errors("'selector':{'matchExpressions':[{'key':'app','operator':'Like','values':['w']}]}," + TEMPLATE))
        .containsExactly("spec.selector.matchExpressions[0].operator: Invalid value: \"Like\": not a valid selector operator",
            "spec.selector: Invalid value: {\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Like\",\"values\":[\"w\"]}]}: "
                + "invalid label selector");
  }

  @Test
  void everyErrorAtOnce() {
    assertThat(errors("""
        'replicas':-1,'selector':{'matchLabels':{'app':'web'}},
        'template':{'metadata':{'labels':{'app':'api'}},'spec':{'restartPolicy':'Never','containers':[{'name':'web'}]}}"""))
        .containsExactly(
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            "spec.template.metadata.labels: Invalid value: {\"app\":\"api\"}: `selector` does not match template `labels`",
            "spec.template.spec.containers[0].image: Required value",
            "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
  }

  @Test
  void selectorIsImmutable() {
    ObjectNode old = deployment("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    ObjectNode scaled = old.deepCopy();
    ((ObjectNode) scaled.get("spec")).put("replicas", 5);
    assertThat(strategy.validateUpdate(scaled, old)).isEmpty();
    ObjectNode moved = deployment("'selector':{'matchLabels':{'app':'other'}},"
        + TEMPLATE.replace("'app':'web'}}", "'app':'other'}}"));
    assertThat(lines(strategy.validateUpdate(moved, old)))
        .containsExactly("spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"other\"}}: field is immutable");
  }
}
