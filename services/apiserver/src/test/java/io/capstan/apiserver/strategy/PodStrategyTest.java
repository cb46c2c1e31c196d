package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.LABEL_MSG;
import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PodStrategyTest {

  private final PodStrategy strategy = new PodStrategy();

  private static ObjectNode pod(String spec) {
    return json("{'metadata':{'name':'p','namespace':'default'},'spec':" + spec + "}");
  }

  private ObjectNode defaulted(String spec) {
    ObjectNode p = pod(spec);
    strategy.applyDefaults(p);
    return p;
  }

  private List<String> errors(String spec) {
    return lines(strategy.validate(defaulted(spec)));
  }

  @Test
  void podDefaultsAsKubernetesFillsThem() {
    ObjectNode p = defaulted("{'containers':[{'name':'web','image':'nginx','ports':[{'containerPort':80}]}]}");
    assertThat(p.get("spec")).isEqualTo(json("""
        {'containers':[{'name':'web','image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}],
                        'imagePullPolicy':'Always','terminationMessagePath':'/dev/termination-log',
                        'terminationMessagePolicy':'File','resources':{}}],
         'dnsPolicy':'ClusterFirst','restartPolicy':'Always','securityContext':{},
         'terminationGracePeriodSeconds':30,'schedulerName':'default-scheduler','enableServiceLinks':true,
         'priority':0,'preemptionPolicy':'PreemptLowerPriority'}"""));
    assertThat(p.get("status")).isEqualTo(json("{'phase':'Pending','qosClass':'BestEffort'}"));
  }

  @ParameterizedTest
  @CsvSource({
      "nginx, Always",
      "nginx:latest, Always",
      "nginx:1.27, IfNotPresent",
      "registry:5000/team/app, Always",
      "registry:5000/team/app:v2, IfNotPresent",
      "nginx@sha256:abcd, IfNotPresent",
      "nginx:latest@sha256:abcd, Always",
  })
  void imagePullPolicyFollowsTheTag(String image, String policy) {
    ObjectNode p = defaulted("{'containers':[{'name':'c','image':'" + image + "'}]}");
    assertThat(p.at("/spec/containers/0/imagePullPolicy").asString()).isEqualTo(policy);
  }

  @Test
  void givenValuesAreKept() {
    ObjectNode p = defaulted("""
        {'restartPolicy':'Never','dnsPolicy':'Default','terminationGracePeriodSeconds':0,'enableServiceLinks':false,
         'containers':[{'name':'c','image':'busybox','imagePullPolicy':'Never','ports':[{'containerPort':53,'protocol':'UDP'}]}]}""");
    JsonNode spec = p.get("spec");
    assertThat(spec.get("restartPolicy").asString()).isEqualTo("Never");
    assertThat(spec.get("dnsPolicy").asString()).isEqualTo("Default");
    assertThat(spec.get("terminationGracePeriodSeconds").asInt()).isZero();
    assertThat(spec.get("enableServiceLinks").asBoolean()).isFalse();
    assertThat(p.at("/spec/containers/0/imagePullPolicy").asString()).isEqualTo("Never");
    assertThat(p.at("/spec/containers/0/ports/0/protocol").asString()).isEqualTo("UDP");
  }

  @Test
  void limitsBecomeRequestsAndSetQos() {
    ObjectNode p = defaulted("""
        {'containers':[{'name':'c','image':'i','resources':{'limits':{'cpu':'500m','memory':'128Mi'}}}]}""");
    assertThat(p.at("/spec/containers/0/resources/requests")).isEqualTo(json("{'cpu':'500m','memory':'128Mi'}"));
    assertThat(p.at("/status/qosClass").asString()).isEqualTo("Guaranteed");
    ObjectNode burstable = defaulted("{'containers':[{'name':'c','image':'i','resources':{'requests':{'cpu':'1'}}}]}");
    assertThat(burstable.at("/status/qosClass").asString()).isEqualTo("Burstable");
  }

  @Test
  void probesVolumesEnvAndHostNetwork() {
    ObjectNode p = defaulted("""
        {'hostNetwork':true,
         'containers':[{'name':'c','image':'i','ports':[{'containerPort':8080}],
           'livenessProbe':{'httpGet':{'port':8080}},
           'env':[{'name':'NODE','valueFrom':{'fieldRef':{'fieldPath':'spec.nodeName'}}}]}],
         'volumes':[{'name':'scratch'},{'name':'cfg','configMap':{'name':'c'}},{'name':'h','hostPath':{'path':'/x'}},
                    {'name':'tok','projected':{'sources':[{'serviceAccountToken':{'path':'t'}}]}}]}""");
    assertThat(p.at("/spec/containers/0/livenessProbe")).isEqualTo(json("""
        {'httpGet':{'port':8080,'path':'/','scheme':'HTTP'},'timeoutSeconds':1,'periodSeconds':10,
         'successThreshold':1,'failureThreshold':3}"""));
    assertThat(p.at("/spec/containers/0/ports/0/hostPort").asInt()).isEqualTo(8080);
    assertThat(p.at("/spec/containers/0/env/0/valueFrom/fieldRef/apiVersion").asString()).isEqualTo("v1");
    assertThat(p.at("/spec/volumes/0")).isEqualTo(json("{'name':'scratch','emptyDir':{}}"));
    assertThat(p.at("/spec/volumes/1/configMap/defaultMode").asInt()).isEqualTo(420);
    assertThat(p.at("/spec/volumes/2/hostPath/type").asString()).isEmpty();
    assertThat(p.at("/spec/volumes/3/projected/defaultMode").asInt()).isEqualTo(420);
    assertThat(p.at("/spec/volumes/3/projected/sources/0/serviceAccountToken/expirationSeconds").asInt())
        .isEqualTo(3600);
  }

  @Test
  void defaultsAreIdempotent() {
    ObjectNode once = defaulted("{'containers':[{'name':'c','image':'i'}]}");
    ObjectNode twice = once.deepCopy();
    strategy.applyDefaults(twice);
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void validPodHasNoErrors() {
    assertThat(errors("""
        {'containers':[{'name':'web','image':'nginx','ports':[{'name':'http','containerPort':80}],
          'volumeMounts':[{'name':'data','mountPath':'/data'}],
          'env':[{'name':'A','value':'1'}],
          'resources':{'requests':{'cpu':'100m'},'limits':{'cpu':'1'}}}],
         'volumes':[{'name':'data','emptyDir':{}}],
         'tolerations':[{'key':'k','operator':'Exists','effect':'NoSchedule'}]}""")).isEmpty();
  }

  @Test
  void atLeastOneContainer() {
    assertThat(errors("{'containers':[]}")).containsExactly("spec.containers: Required value");
  }

  @Test
  void everyContainerErrorIsReported() {
    assertThat(errors("""
        {'containers':[
           {'name':'Web','image':''},
           {'name':'db','image':'pg','ports':[{'containerPort':70000},{'containerPort':0,'name':'HTTP'},
                                             {'containerPort':5432,'protocol':'ICMP'}]},
           {'name':'db','image':'pg'},
           {'image':'x'}]}""")).containsExactly(
        "spec.containers[0].name: Invalid value: \"Web\": " + LABEL_MSG,
        "spec.containers[0].image: Required value",
        "spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        "spec.containers[1].ports[1].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters "
            + "(a-z, 0-9), and hyphens (-)",
        "spec.containers[1].ports[1].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
        "spec.containers[1].ports[1].containerPort: Required value",
        "spec.containers[1].ports[2].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        "spec.containers[2].name: Duplicate value: \"db\"",
        "spec.containers[3].name: Required value");
  }

  @Test
  void initContainerNamesShareTheNamespace() {
    assertThat(errors("{'initContainers':[{'name':'a','image':'i'}],'containers':[{'name':'a','image':'i'}]}"))
        .containsExactly("spec.containers[0].name: Duplicate value: \"a\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{'restartPolicy':'Sometimes','containers':[{'name':'c','image':'i'}]} | spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
      "{'dnsPolicy':'Google','containers':[{'name':'c','image':'i'}]} | spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirst\", \"ClusterFirstWithHostNet\", \"Default\", \"None\"",
      "{'containers':[{'name':'c','image':'i','imagePullPolicy':'Sometimes'}]} | spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
      "{'containers':[{'name':'c','image':'i','volumeMounts':[{'name':'v','mountPath':'/v'}]}]} | spec.containers[0].volumeMounts[0].name: Not found: \"v\"",
      "{'containers':[{'name':'c','image':'i','env':[{'value':'x'}]}]} | spec.containers[0].env[0].name: Required value",
      "{'containers':[{'name':'c','image':'i','env':[{'name':'A=B'}]}]} | spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      "{'containers':[{'name':'c','image':' i'}]} | spec.containers[0].image: Invalid value: \" i\": must not have leading or trailing whitespace",
      "{'containers':[{'name':'c','image':'i','resources':{'requests':{'cpu':'2'},'limits':{'cpu':'1'}}}]} | spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
      "{'containers':[{'name':'c','image':'i','resources':{'requests':{'memory':'lots'}}}]} | spec.containers[0].resources.requests[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      "{'containers':[{'name':'c','image':'i','livenessProbe':{'periodSeconds':5}}]} | spec.containers[0].livenessProbe: Required value: must specify a handler type",
      "{'volumes':[{'name':'v','emptyDir':{},'hostPath':{'path':'/'}}],'containers':[{'name':'c','image':'i'}]} | spec.volumes[0]: Forbidden: may not specify more than 1 volume type",
      "{'volumes':[{'name':'v'},{'name':'v'}],'containers':[{'name':'c','image':'i'}]} | spec.volumes[1].name: Duplicate value: \"v\"",
      "{'activeDeadlineSeconds':0,'containers':[{'name':'c','image':'i'}]} | spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
      "{'nodeSelector':{'disk':'fast ssd'},'containers':[{'name':'c','image':'i'}]} | spec.nodeSelector: Invalid value: \"fast ssd\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      "{'tolerations':[{'key':'k','operator':'Exists','value':'v'}],'containers':[{'name':'c','image':'i'}]} | spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
      "{'tolerations':[{'operator':'Equal'}],'containers':[{'name':'c','image':'i'}]} | spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
      "{'tolerations':[{'key':'k','operator':'Exists','effect':'NoSchedule','tolerationSeconds':5}],'containers':[{'name':'c','image':'i'}]} | spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      "{'serviceAccountName':'Bad_SA','containers':[{'name':'c','image':'i'}]} | spec.serviceAccountName: Invalid value: \"Bad_SA\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "{'ephemeralContainers':[{'name':'e','image':'i'}],'containers':[{'name':'c','image':'i'}]} | spec.ephemeralContainers: Forbidden: cannot be set on create",
  })
  void singleRuleViolations(String spec, String expected) {
    assertThat(errors(spec)).containsExactly(expected);
  }

  @Test
  void updateMayChangeImagesAndAddTolerations() {
    ObjectNode old = defaulted("{'containers':[{'name':'c','image':'nginx:1'}],'tolerations':[{'key':'a','operator':'Exists'}]}");
    ObjectNode now = old.deepCopy();
    ((ObjectNode) now.at("/spec/containers/0")).put("image", "nginx:2");
    ((tools.jackson.databind.node.ArrayNode) now.at("/spec/tolerations")).addObject().put("key", "b").put("operator", "Exists");
    ((ObjectNode) now.get("metadata")).putObject("labels").put("new", "label");
    assertThat(strategy.validateUpdate(now, old)).isEmpty();
  }

  @Test
  void updateOfOtherSpecFieldsIsForbidden() {
    ObjectNode old = defaulted("{'containers':[{'name':'c','image':'i','ports':[{'containerPort':80}]}]}");
    ObjectNode now = old.deepCopy();
    ((ObjectNode) now.at("/spec/containers/0/ports/0")).put("containerPort", 81);
    assertThat(lines(strategy.validateUpdate(now, old))).containsExactly("spec: Forbidden: " + PodStrategy.UPDATE_FORBIDDEN);
  }

  @Test
  void bindingMaySetNodeNameOnce() {
    ObjectNode old = defaulted("{'containers':[{'name':'c','image':'i'}]}");
    ObjectNode bound = old.deepCopy();
    ((ObjectNode) bound.get("spec")).put("nodeName", "node-1");
    assertThat(strategy.validateUpdate(bound, old)).isEmpty();
    ObjectNode moved = bound.deepCopy();
    ((ObjectNode) moved.get("spec")).put("nodeName", "node-2");
    assertThat(lines(strategy.validateUpdate(moved, bound))).containsExactly("spec: Forbidden: " + PodStrategy.UPDATE_FORBIDDEN);
  }

  @Test
  void updateRulesForDeadlineAndTolerations() {
    ObjectNode old = defaulted("{'activeDeadlineSeconds':100,'containers':[{'name':'c','image':'i'}],"
        + "'tolerations':[{'key':'a','operator':'Exists'}]}");
    ObjectNode now = old.deepCopy();
    ((ObjectNode) now.get("spec")).put("activeDeadlineSeconds", 200);
    ((ObjectNode) now.get("spec")).putArray("tolerations");
    assertThat(lines(strategy.validateUpdate(now, old))).containsExactly(
        "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value",
        "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
  }

  @Test
  void statusOnlyChangesPassUpdateValidation() {
    ObjectNode old = defaulted("{'containers':[{'name':'c','image':'i'}]}");
    ObjectNode now = old.deepCopy();
    ((ObjectNode) now.get("status")).put("phase", "Running").put("podIP", "10.0.0.1");
    assertThat(strategy.validateUpdate(now, old)).isEmpty();
  }
}
