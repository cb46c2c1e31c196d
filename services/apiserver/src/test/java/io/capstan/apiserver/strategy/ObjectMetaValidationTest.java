package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.DNS1035_MSG;
import static io.capstan.apiserver.strategy.TestObjects.LABEL_MSG;
import static io.capstan.apiserver.strategy.TestObjects.SUBDOMAIN_MSG;
import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.resource.BuiltinResources;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class ObjectMetaValidationTest {

  private static ObjectNode named(String name, String namespace) {
    ObjectNode o = json("{'metadata':{}}");
    ObjectNode meta = (ObjectNode) o.get("metadata");
    if (name != null) meta.put("name", name);
    if (namespace != null) meta.put("namespace", namespace);
    return o;
  }

  @Test
  void badSubdomainNameGivesKubectlsLine() {
    List<String> errs = lines(ObjectMetaValidation.validateObjectMeta(named("Bad_Name", "default"), true,
        NameRule.DNS1123_SUBDOMAIN));
    assertThat(errs).containsExactly("metadata.name: Invalid value: \"Bad_Name\": " + SUBDOMAIN_MSG);
    ApiException e = ApiException.invalid("", "ConfigMap", "Bad_Name",
        ObjectMetaValidation.validateObjectMeta(named("Bad_Name", "default"), true, NameRule.DNS1123_SUBDOMAIN));
    assertThat(e.getMessage()).isEqualTo("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: "
        + "\"Bad_Name\": " + SUBDOMAIN_MSG);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DNS1123_SUBDOMAIN | a.b-c | 0",
      "DNS1123_SUBDOMAIN | -a | 1",
      "DNS1123_LABEL | a.b | 1",
      "DNS1123_LABEL | 1abc | 0",
      "DNS1035_LABEL | 1abc | 1",
      "DNS1035_LABEL | abc-1 | 0",
      "PATH_SEGMENT | Any:Thing | 0",
      "PATH_SEGMENT | a/b%c | 2",
      "PATH_SEGMENT | .. | 1",
  })
  void nameRules(NameRule rule, String name, int errors) {
    assertThat(rule.check(name, false)).hasSize(errors);
  }

  @Test
  void nameRuleMessages() {
    assertThat(NameRule.DNS1123_LABEL.check("a.b", false)).containsExactly("must not contain dots");
    assertThat(NameRule.DNS1123_LABEL.check("A", false)).containsExactly(LABEL_MSG);
    assertThat(NameRule.DNS1035_LABEL.check("1svc", false)).containsExactly(DNS1035_MSG);
    assertThat(NameRule.DNS1123_SUBDOMAIN.check("a".repeat(254), false))
        .containsExactly("must be no more than 253 bytes");
    assertThat(NameRule.PATH_SEGMENT.check("a/b", false)).containsExactly("may not contain '/'");
    assertThat(NameRule.PATH_SEGMENT.check(".", false)).containsExactly("may not be '.'");
  }

  @Test
  void nameRulePerResource() {
    assertThat(NameRule.forResource("", "services")).isEqualTo(NameRule.DNS1035_LABEL);
    assertThat(NameRule.forResource("", "namespaces")).isEqualTo(NameRule.DNS1123_LABEL);
    assertThat(NameRule.forResource("apps", "statefulsets")).isEqualTo(NameRule.DNS1123_LABEL);
    assertThat(NameRule.forResource("", "pods")).isEqualTo(NameRule.DNS1123_SUBDOMAIN);
    assertThat(NameRule.forResource("rbac.authorization.k8s.io", "roles")).isEqualTo(NameRule.PATH_SEGMENT);
    assertThat(NameRule.forResource("example.com", "widgets")).isEqualTo(NameRule.DNS1123_SUBDOMAIN);
  }

  @Test
  void serviceNamesMustStartWithALetter() {
    ResourceType services = builtin("", "services");
    assertThat(lines(ObjectMetaValidation.validateCreate(services, named("1web", "default"))))
        .containsExactly("metadata.name: Invalid value: \"1web\": " + DNS1035_MSG);
  }

  @Test
  void nameOrGenerateNameRequired() {
    assertThat(lines(ObjectMetaValidation.validateObjectMeta(named(null, "default"), true, NameRule.DNS1123_SUBDOMAIN)))
        .containsExactly("metadata.name: Required value: name or generateName is required");
  }

  @Test
  void generateNameMayEndWithDash() {
    ObjectNode o = named("web-x7k2p", "default");
    ((ObjectNode) o.get("metadata")).put("generateName", "web-");
    assertThat(ObjectMetaValidation.validateObjectMeta(o, true, NameRule.DNS1123_SUBDOMAIN)).isEmpty();
    ((ObjectNode) o.get("metadata")).put("generateName", "Web-");
    assertThat(lines(ObjectMetaValidation.validateObjectMeta(o, true, NameRule.DNS1123_SUBDOMAIN)))
        .containsExactly("metadata.generateName: Invalid value: \"Web-\": " + SUBDOMAIN_MSG);
  }

  @Test
  void namespaceRules() {
    assertThat(lines(ObjectMetaValidation.validateObjectMeta(named("a", null), true, NameRule.DNS1123_SUBDOMAIN)))
        .containsExactly("metadata.namespace: Required value");
    assertThat(lines(ObjectMetaValidation.validateObjectMeta(named("a", "Bad.NS"), true, NameRule.DNS1123_SUBDOMAIN)))
        .containsExactly("metadata.namespace: Invalid value: \"Bad.NS\": " + LABEL_MSG);
    assertThat(lines(ObjectMetaValidation.validateObjectMeta(named("a", "x"), false, NameRule.DNS1123_SUBDOMAIN)))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
  }

  @Test
  void labelsAndAnnotations() {
    ObjectNode o = json("""
        {'metadata':{'name':'a','namespace':'d',
          'labels':{'app':'web','bad key':'x','k':'bad value'},
          'annotations':{'Example.com/Note':'fine','a/b/c':'x'}}}""");
    List<String> errs = lines(ObjectMetaValidation.validateObjectMeta(o, true, NameRule.DNS1123_SUBDOMAIN));
    assertThat(errs).hasSize(3);
    assertThat(errs.get(0)).startsWith("metadata.labels: Invalid value: \"bad key\": name part must consist of");
    assertThat(errs.get(1)).startsWith("metadata.labels: Invalid value: \"bad value\": a valid label must be");
    assertThat(errs.get(2)).startsWith("metadata.annotations: Invalid value: \"a/b/c\": a valid label key");
  }

  @Test
  void annotationsOver256KiB() {
    ObjectNode o = named("a", "d");
    ((ObjectNode) o.get("metadata")).putObject("annotations").put("big", "x".repeat(256 * 1024));
    assertThat(lines(ObjectMetaValidation.validateObjectMeta(o, true, NameRule.DNS1123_SUBDOMAIN)))
        .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
  }

  @Test
  void ownerReferencesAndFinalizers() {
    ObjectNode o = json("""
        {'metadata':{'name':'a','namespace':'d',
          'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs','uid':'u','controller':true},
                             {'apiVersion':'a/b/c','kind':'','name':'x','uid':'u2','controller':true}],
          'finalizers':['orphan','foregroundDeletion','bad finalizer']}}""");
    List<String> errs = lines(ObjectMetaValidation.validateObjectMeta(o, true, NameRule.DNS1123_SUBDOMAIN));
    assertThat(errs).contains(
        "metadata.ownerReferences[1].apiVersion: Invalid value: \"a/b/c\": must be <group>/<version> or <version>",
        "metadata.ownerReferences[1].kind: Required value: must not be empty");
    assertThat(errs).anyMatch(s -> s.startsWith("metadata.ownerReferences: Invalid value: [")
        && s.endsWith("Only one reference can have Controller set to true. Found \"true\" in references for "
        + "ReplicaSet/rs and /x"));
    assertThat(errs).anyMatch(s -> s.startsWith("metadata.finalizers: Invalid value: \"bad finalizer\""));
    assertThat(errs).anyMatch(s -> s.endsWith("finalizer orphan and foregroundDeletion cannot be both set"));
  }

  @Test
  void updateKeepsIdentity() {
    ObjectNode old = json("{'metadata':{'name':'a','namespace':'d','uid':'u1','generation':3}}");
    ObjectNode ok = json("{'metadata':{'name':'a','namespace':'d','generation':3}}");
    assertThat(ObjectMetaValidation.validateObjectMetaUpdate(ok, old)).isEmpty();
    ObjectNode bad = json("{'metadata':{'name':'b','namespace':'d','uid':'u2','generation':2}}");
    assertThat(lines(ObjectMetaValidation.validateObjectMetaUpdate(bad, old))).containsExactly(
        "metadata.generation: Invalid value: 2: must not be decremented",
        "metadata.name: Invalid value: \"b\": field is immutable",
        "metadata.uid: Invalid value: \"u2\": field is immutable");
  }

  @Test
  void noNewFinalizersWhileDeleting() {
    ObjectNode old = json("{'metadata':{'name':'a','deletionTimestamp':'2024-01-01T00:00:00Z','finalizers':['x/a']}}");
    ObjectNode now = json("{'metadata':{'name':'a','finalizers':['x/a','x/b']}}");
    assertThat(lines(ObjectMetaValidation.validateObjectMetaUpdate(now, old))).containsExactly(
        "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, "
            + "found new finalizers []string{\"x/b\"}");
  }

  private static ResourceType builtin(String group, String plural) {
    return BuiltinResources.all().stream().filter(t -> t.group().equals(group) && t.plural().equals(plural))
        .findFirst().orElseThrow();
  }
}
