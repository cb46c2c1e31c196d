package io.capstan.apiserver.apply.typed;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.apply.TestSchemas;
import io.capstan.apiserver.apply.fieldpath.FieldPath;
import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The structured-merge walks against a Deployment schema shaped like Kubernetes v1.32's. */
class TypedTest {
  private static final SchemaType DEPLOYMENT = SchemaType.root(TestSchemas.deployments(), "apps/v1", "Deployment");

  private static JsonNode json(String s) {
    return Json.MAPPER.readTree(s.replace('\'', '"'));
  }

  private static String fieldsV1(FieldSet set) {
    return Json.MAPPER.writeValueAsString(set.toFieldsV1()).replace('"', '\'');
  }

  @Test
  void fieldSetOfAnAppliedDeploymentIsWhatKubernetesRecords() {
    JsonNode config = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'}},"
        + "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
        + "'spec':{'containers':[{'name':'web','image':'nginx','ports':[{'containerPort':80}]}]}}}}");

    assertThat(fieldsV1(Typed.toFieldSet(config, DEPLOYMENT))).isEqualTo(
        "{'f:apiVersion':{},'f:kind':{},'f:metadata':{'f:labels':{'f:app':{}},'f:name':{}},"
            + "'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},"
            + "'f:spec':{'f:containers':{'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{},'f:name':{},"
            + "'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}}}}}}");
  }

  @Test
  void withoutSchemaListsAreAtomicAndEveryMapEntryIsOwned() {
    JsonNode config = json("{'spec':{'args':['a','b'],'nested':{'x':1}}}");
    assertThat(fieldsV1(Typed.toFieldSet(config, SchemaType.deduced())))
        .isEqualTo("{'f:spec':{'.':{},'f:args':{},'f:nested':{'.':{},'f:x':{}}}}");
  }

  @Test
  void compareMarksNewGranularMapsAsAddedThemselves() {
    JsonNode before = json("{'spec':{'replicas':1,'paused':true}}");
    JsonNode after = json("{'metadata':{'labels':{'app':'web'}},'spec':{'replicas':2}}");

    Comparison c = Typed.compare(before, after, DEPLOYMENT);

    assertThat(paths(c.added())).containsExactly(".metadata", ".metadata.labels", ".metadata.labels.app");
    assertThat(paths(c.modified())).containsExactly(".spec.replicas");
    assertThat(paths(c.removed())).containsExactly(".spec.paused");
  }

  @Test
  void compareListsByItemName() {
    JsonNode before = json("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'1'}]}}}}");
    JsonNode after = json("{'spec':{'template':{'spec':{'containers':[{'name':'b','image':'2'},{'name':'c','image':'1'}]}}}}");

    Comparison c = Typed.compare(before, after, DEPLOYMENT);

    assertThat(paths(c.modified())).containsExactly(".spec.template.spec.containers[name=\"b\"].image");
    assertThat(paths(c.added())).containsExactly(".spec.template.spec.containers[name=\"c\"]",
        ".spec.template.spec.containers[name=\"c\"].image", ".spec.template.spec.containers[name=\"c\"].name");
    assertThat(paths(c.removed())).containsExactly(".spec.template.spec.containers[name=\"a\"]",
        ".spec.template.spec.containers[name=\"a\"].image", ".spec.template.spec.containers[name=\"a\"].name");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "granular maps merge|{'metadata':{'labels':{'a':'1'}}}|{'metadata':{'labels':{'b':'2'}}}|{'metadata':{'labels':{'a':'1','b':'2'}}}",
      "atomic maps are replaced|{'spec':{'selector':{'matchLabels':{'a':'1'}}}}|{'spec':{'selector':{'matchLabels':{'b':'2'}}}}|{'spec':{'selector':{'matchLabels':{'b':'2'}}}}",
      "atomic lists are replaced|{'spec':{'template':{'spec':{'containers':[{'name':'c','args':['x','y']}]}}}}|{'spec':{'template':{'spec':{'containers':[{'name':'c','args':['z']}]}}}}|{'spec':{'template':{'spec':{'containers':[{'name':'c','args':['z']}]}}}}",
      "list items merge by key, live order kept|{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'1'}]}}}}|{'spec':{'template':{'spec':{'containers':[{'name':'b','image':'2'},{'name':'c'}]}}}}|{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'},{'name':'c'}]}}}}",
      "sets merge|{'metadata':{'finalizers':['a','b']}}|{'metadata':{'finalizers':['c','a']}}|{'metadata':{'finalizers':['c','a','b']}}",
      "null unsets|{'spec':{'replicas':3,'paused':true}}|{'spec':{'replicas':null}}|{'spec':{'paused':true}}",
      "untyped lists are atomic|{'data':{'list':[1,2]}}|{'data':{'list':[3]}}|{'data':{'list':[3]}}"})
  void merge(String name, String live, String config, String expected) {
    assertThat(Typed.merge(json(live), json(config), DEPLOYMENT)).isEqualTo(json(expected));
  }

  @Test
  void removeItemsTakesSubtreesAndEmptiedContainers() {
    JsonNode obj = json("{'metadata':{'labels':{'a':'1'}},'spec':{'replicas':2,'paused':true}}");
    FieldSet remove = FieldSet.of(FieldPath.ofFields("metadata.labels.a"), FieldPath.ofFields("spec.paused"));
    assertThat(Typed.removeItems(obj, remove, DEPLOYMENT)).isEqualTo(json("{'spec':{'replicas':2}}"));
  }

  @Test
  void namedStructFieldsBecomeMembers() {
    FieldSet set = FieldSet.ofFields("spec.replicas", "metadata.labels.app");
    assertThat(paths(Typed.ensureNamedFieldsAreMembers(set, DEPLOYMENT)))
        .containsExactly(".metadata", ".spec", ".metadata.labels", ".metadata.labels.app", ".spec.replicas");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'a'}]}}}}|.spec.template.spec.containers: duplicate entries for key [name=\"a\"]",
      "{'spec':{'replicas':1,'bogus':true}}|.spec.bogus: field not declared in schema",
      "{'metadata':{'finalizers':[{'a':1}]}}|.metadata.finalizers: element 0: associative list without keys has an element that's a map type"})
  void validationReportsUpstreamMessages(String config, String error) {
    assertThat(Typed.validate(json(config), DEPLOYMENT)).containsExactly(error);
  }

  @Test
  void anItemWithoutKeysIsAnErrorUnlessTheKeysHaveDefaults() {
    // A CRD-style inline schema whose key has no default.
    SchemaType crd = SchemaType.of(json("{'type':'object','properties':{'items':{'type':'array',"
        + "'x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['id'],"
        + "'items':{'type':'object','properties':{'id':{'type':'string'},'v':{'type':'string'}}}}}}"),
        TestSchemas.deployments());
    assertThat(Typed.validate(json("{'items':[{'v':'x'}]}"), crd)).containsExactly(".items: element 0: associative list "
        + "with keys has an element that omits all key fields [\"id\"] (and doesn't have default values for any key fields)");

    // Kubernetes' container name defaults to "", so a nameless container is the item name="".
    JsonNode nameless = json("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}");
    assertThat(Typed.validate(nameless, DEPLOYMENT)).isEmpty();
    assertThat(paths(Typed.toFieldSet(nameless, DEPLOYMENT)))
        .contains(".spec.template.spec.containers[name=\"\"].image");
  }

  @Test
  void validationAcceptsUndeclaredFieldsWithoutSchemaAndDefaultsOmittedKeys() {
    assertThat(Typed.validate(json("{'spec':{'anything':{'goes':[1]}}}"), SchemaType.deduced())).isEmpty();
    assertThat(Typed.validate(json("{'spec':{'template':{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80},"
        + "{'containerPort':80,'protocol':'UDP'}]}]}}}}"), DEPLOYMENT)).isEmpty();
  }

  private static java.util.List<String> paths(FieldSet s) {
    return s.paths().stream().map(FieldPath::toString).toList();
  }
}
