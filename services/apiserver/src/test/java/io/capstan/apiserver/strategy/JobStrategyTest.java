package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class JobStrategyTest {

  private final JobStrategy strategy = new JobStrategy();

  private static final String POD = "'spec':{'restartPolicy':'Never','containers':[{'name':'pi','image':'perl'}]}";

  private ObjectNode job(String name, String specFields) {
    ObjectNode o = json("{'metadata':{'name':'" + name + "','namespace':'default','uid':'u-1'},'spec':{"
        + specFields + "}}");
    strategy.applyDefaults(o);
    return o;
  }

  private List<String> errors(String specFields) {
    return lines(strategy.validate(job("pi", specFields)));
  }

  @Test
  void defaultsAndGeneratedSelector() {
    ObjectNode o = job("pi", "'template':{" + POD + "}");
    ObjectNode spec = (ObjectNode) o.get("spec");
    assertThat(spec.get("completions").asInt()).isEqualTo(1);
    assertThat(spec.get("parallelism").asInt()).isEqualTo(1);
    assertThat(spec.get("backoffLimit").asInt()).isEqualTo(6);
    assertThat(spec.get("completionMode").asString()).isEqualTo("NonIndexed");
    assertThat(spec.get("suspend").asBoolean()).isFalse();
    assertThat(spec.get("podReplacementPolicy").asString()).isEqualTo("TerminatingOrFailed");
    assertThat(spec.get("selector")).isEqualTo(json("{'matchLabels':{'batch.kubernetes.io/controller-uid':'u-1'}}"));
    ObjectNode labels = json("""
        {'job-name':'pi','batch.kubernetes.io/job-name':'pi','controller-uid':'u-1',
         'batch.kubernetes.io/controller-uid':'u-1'}""");
    assertThat(o.at("/spec/template/metadata/labels")).isEqualTo(labels);
    assertThat(o.at("/metadata/labels")).isEqualTo(labels);
    assertThat(o.at("/spec/template/spec/restartPolicy").asString()).isEqualTo("Never");
    assertThat(strategy.validate(o)).isEmpty();
  }

  @Test
  void parallelismAloneLeavesCompletionsUnset() {
    ObjectNode o = job("pi", "'parallelism':3,'template':{" + POD + "}");
    assertThat(o.at("/spec").has("completions")).isFalse();
    assertThat(o.at("/spec/parallelism").asInt()).isEqualTo(3);
    ObjectNode withPolicy = job("pi", "'podFailurePolicy':{'rules':[{'action':'Ignore','onPodConditions':[{'type':'DisruptionTarget'}]}]},"
        + "'template':{" + POD + "}");
    assertThat(withPolicy.at("/spec/podReplacementPolicy").asString()).isEqualTo("Failed");
    assertThat(withPolicy.at("/spec/podFailurePolicy/rules/0/onPodConditions/0/status").asString()).isEqualTo("True");
  }

  @Test
  void restartPolicyMustBeOnFailureOrNever() {
    assertThat(errors("'template':{'spec':{'containers':[{'name':'pi','image':'perl'}]}}")).containsExactly(
        "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
  }

  @Test
  void manualSelectorMustBeGiven() {
    assertThat(errors("'manualSelector':true,'template':{" + POD + "}")).containsExactly(
        "spec.selector: Required value",
        "spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`");
    assertThat(errors("'manualSelector':true,'selector':{'matchLabels':{'app':'pi'}},"
        + "'template':{'metadata':{'labels':{'app':'pi'}}," + POD + "}")).isEmpty();
  }

  @Test
  void countsAndModes() {
    assertThat(errors("'parallelism':-1,'backoffLimit':-1,'activeDeadlineSeconds':-5,'template':{" + POD + "}"))
        .containsExactly("spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
            "spec.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0",
            "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0");
    assertThat(errors("'parallelism':2,'completionMode':'Indexed','template':{" + POD + "}"))
        .containsExactly("spec.completions: Required value: when completion mode is Indexed");
    assertThat(errors("'completionMode':'Striped','template':{" + POD + "}")).containsExactly(
        "spec.completionMode: Unsupported value: \"Striped\": supported values: \"NonIndexed\", \"Indexed\"");
    assertThat(errors("'backoffLimitPerIndex':1,'template':{" + POD + "}"))
        .containsExactly("spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode");
  }

  @Test
  void indexedJobNamesMustLeaveRoomForTheIndex() {
    String name = "x".repeat(62);
    assertThat(lines(strategy.validate(job(name, "'completions':10,'completionMode':'Indexed','template':{" + POD + "}"))))
        .contains("metadata.name: Invalid value: \"" + name + "\": will not able to create pod with invalid DNS label: "
            + name + "-9");
  }

  @Test
  void generatedLabelsMustMatchTheJob() {
    ObjectNode o = job("pi", "'template':{" + POD + "}");
    ((ObjectNode) o.at("/spec/template/metadata/labels")).put("job-name", "other");
    assertThat(lines(strategy.validate(o))).hasSize(1).first().asString()
        .startsWith("spec.template.metadata.labels[job-name]: Invalid value: {").endsWith(": must be 'pi'");
  }

  @Test
  void updateRules() {
    ObjectNode old = job("pi", "'template':{" + POD + "}");
    ObjectNode suspended = old.deepCopy();
    ((ObjectNode) suspended.get("spec")).put("suspend", true).put("parallelism", 4);
    assertThat(strategy.validateUpdate(suspended, old)).isEmpty();

    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.at("/spec/template/spec/containers/0")).put("image", "perl:2");
    ((ObjectNode) changed.get("spec")).put("completions", 3);
    List<String> errs = lines(strategy.validateUpdate(changed, old));
    assertThat(errs).hasSize(2);
    assertThat(errs.get(0)).isEqualTo("spec.completions: Invalid value: 3: field is immutable");
    assertThat(errs.get(1)).startsWith("spec.template: Invalid value: {\"spec\":").endsWith(": field is immutable");
  }
}
