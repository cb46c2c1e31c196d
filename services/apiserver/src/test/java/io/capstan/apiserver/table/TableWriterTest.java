package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.CLOCK;
import static io.capstan.apiserver.table.Fixtures.ago;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.table.TableWriter.IncludeObject;
import io.capstan.model.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TableWriterTest {

  private static final JsonNode POD = json("""
      {"metadata":{"name":"p1","namespace":"default","resourceVersion":"42","creationTimestamp":"%s",
        "labels":{"app":"web"},"managedFields":[{"manager":"kubectl","operation":"Update"}]},
       "spec":{"containers":[{"name":"app","image":"nginx"}]},"status":{"phase":"Succeeded"}}""".formatted(ago(60)));

  private final TableWriter writer = TableWriter.of(PodPrinter.convertor(CLOCK));

  @Test
  void listTable() {
    ObjectNode t = writer.list(List.of(POD), "108", "tok", 3L);
    assertThat(t.get("kind").asString()).isEqualTo("Table");
    assertThat(t.get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(t.get("metadata").toString()).isEqualTo("{\"resourceVersion\":\"108\",\"continue\":\"tok\",\"remainingItemCount\":3}");
    assertThat(t.get("columnDefinitions")).hasSize(9);
    JsonNode first = t.get("columnDefinitions").get(0);
    assertThat(first.get("name").asString()).isEqualTo("Name");
    assertThat(first.get("type").asString()).isEqualTo("string");
    assertThat(first.get("format").asString()).isEqualTo("name");
    assertThat(first.get("priority").asInt()).isZero();
    assertThat(t.get("columnDefinitions").get(5).get("priority").asInt()).isEqualTo(1);
    JsonNode row = t.get("rows").get(0);
    assertThat(row.get("cells").toString())
        .isEqualTo("[\"p1\",\"0/1\",\"Succeeded\",\"0\",\"60s\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"]");
    assertThat(row.get("conditions").get(0).get("reason").asString()).isEqualTo("Succeeded");
    JsonNode object = row.get("object");
    assertThat(object.get("kind").asString()).isEqualTo("PartialObjectMetadata");
    assertThat(object.get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(object.get("metadata").get("namespace").asString()).isEqualTo("default");
    assertThat(object.get("metadata").get("labels").get("app").asString()).isEqualTo("web");
    assertThat(object.get("metadata").has("managedFields")).isFalse();
    assertThat(POD.get("metadata").has("managedFields")).as("input untouched").isTrue();
  }

  @Test
  void emptyListOmitsEmptyMetadata() {
    ObjectNode t = writer.list(List.of(), "", null);
    assertThat(t.get("metadata").toString()).isEqualTo("{}");
    assertThat(t.get("rows")).isEmpty();
  }

  @Test
  void singleObjectCarriesItsResourceVersion() {
    ObjectNode t = writer.single(POD);
    assertThat(t.get("metadata").get("resourceVersion").asString()).isEqualTo("42");
    assertThat(t.get("rows")).hasSize(1);
  }

  @Test
  void watchEventsMayOmitColumnDefinitions() {
    ObjectNode t = writer.columnDefinitions(false).single(POD);
    assertThat(t.get("columnDefinitions").isArray()).isTrue();
    assertThat(t.get("columnDefinitions")).isEmpty();
    assertThat(t.get("rows").get(0).get("cells")).hasSize(9);
  }

  @Test
  void includeObjectModes() {
    JsonNode none = writer.includeObject(IncludeObject.NONE).single(POD).get("rows").get(0);
    assertThat(none.has("object")).isFalse();
    JsonNode full = writer.includeObject(IncludeObject.OBJECT).objectType("v1", "Pod").single(POD)
        .get("rows").get(0).get("object");
    assertThat(full.propertyNames()).startsWith("kind", "apiVersion", "metadata");
    assertThat(full.get("kind").asString()).isEqualTo("Pod");
    assertThat(full.get("spec").get("containers")).hasSize(1);
  }

  @Test
  void parsesIncludeObjectQuery() {
    assertThat(IncludeObject.fromQuery(null)).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.fromQuery("")).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.fromQuery("None")).isEqualTo(IncludeObject.NONE);
    assertThat(IncludeObject.fromQuery("Object")).isEqualTo(IncludeObject.OBJECT);
    assertThatThrownBy(() -> IncludeObject.fromQuery("All"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }
}
