package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.DeploymentStrategyTest.TEMPLATE;
import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class StatefulSetStrategyTest {

  private final StatefulSetStrategy strategy = new StatefulSetStrategy();

  private ObjectNode sts(String specFields) {
    ObjectNode o = json("{'metadata':{'name':'db','namespace':'default'},'spec':{'serviceName':'db'," + specFields + "}}");
    strategy.applyDefaults(o);
    return o;
  }

  @Test
  void defaults() {
    ObjectNode o = sts("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE
        + ",'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce']}}]");
    assertThat(o.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(o.at("/spec/podManagementPolicy").asString()).isEqualTo("OrderedReady");
    assertThat(o.at("/spec/updateStrategy")).isEqualTo(json("{'type':'RollingUpdate','rollingUpdate':{'partition':0}}"));
    assertThat(o.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(o.at("/spec/persistentVolumeClaimRetentionPolicy"))
        .isEqualTo(json("{'whenDeleted':'Retain','whenScaled':'Retain'}"));
    assertThat(o.at("/spec/volumeClaimTemplates/0/spec/volumeMode").asString()).isEqualTo("Filesystem");
    assertThat(o.at("/spec/template/spec/schedulerName").asString()).isEqualTo("default-scheduler");
    assertThat(strategy.validate(o)).isEmpty();
  }

  @Test
  void onDeleteKeepsNoRollingUpdate() {
    ObjectNode o = sts("'updateStrategy':{'type':'OnDelete'},'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    assertThat(o.at("/spec/updateStrategy")).isEqualTo(json("{'type':'OnDelete'}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "'podManagementPolicy':'Random' | spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
      "'updateStrategy':{'type':'OnDelete','rollingUpdate':{'partition':1}} | spec.updateStrategy.rollingUpdate: Invalid value: {\"partition\":1}: only allowed for updateStrategy 'RollingUpdate'",
      "'updateStrategy':{'type':'Blue'} | spec.updateStrategy: Invalid value: {\"type\":\"Blue\"}: must be 'RollingUpdate' or 'OnDelete'",
      "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'partition':-1}} | spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
      "'updateStrategy':{'rollingUpdate':{'maxUnavailable':0}} | spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0",
      "'persistentVolumeClaimRetentionPolicy':{'whenDeleted':'Keep'} | spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"",
      "'replicas':-1 | spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      "'ordinals':{'start':-1} | spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0",
  })
  void specRules(String fields, String expected) {
    assertThat(lines(strategy.validate(sts(fields + ",'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE))))
        .containsExactly(expected);
  }

  @Test
  void templateRules() {
    assertThat(lines(strategy.validate(sts("'selector':{}," + TEMPLATE.replace("'spec':{", "'spec':{'restartPolicy':'OnFailure',")))))
        .containsExactly("spec.selector: Invalid value: {}: empty selector is invalid for statefulset",
            "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"");
    assertThat(lines(strategy.validate(sts("'selector':{'matchLabels':{'app':'db'}}," + TEMPLATE))))
        .containsExactly("spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`");
  }

  @Test
  void onlySomeSpecFieldsMayChange() {
    ObjectNode old = sts("'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE);
    ObjectNode scaled = old.deepCopy();
    ((ObjectNode) scaled.get("spec")).put("replicas", 3);
    ((ObjectNode) scaled.at("/spec/template/spec/containers/0")).put("image", "nginx:2");
    assertThat(strategy.validateUpdate(scaled, old)).isEmpty();
    ObjectNode renamed = old.deepCopy();
    ((ObjectNode) renamed.get("spec")).put("serviceName", "other");
    assertThat(lines(strategy.validateUpdate(renamed, old))).containsExactly("spec: Forbidden: updates to statefulset "
        + "spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
        + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }
}
