package io.capstan.apiserver.apply.fieldpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

class FieldSetTest {
  private static final PathElement METADATA = PathElement.field("metadata");
  private static final PathElement LABELS = PathElement.field("labels");
  private static final PathElement SPEC = PathElement.field("spec");
  private static final PathElement CONTAINERS = PathElement.field("containers");
  private static final PathElement WEB = PathElement.key(List.of(new PathElement.KeyField("name", StringNode.valueOf("web"))));

  @Test
  void serializesAsKubernetesFieldsV1() {
    FieldSet set = FieldSet.of(
        FieldPath.of(METADATA, LABELS),
        FieldPath.of(METADATA, LABELS, PathElement.field("app")),
        FieldPath.of(SPEC, CONTAINERS, WEB),
        FieldPath.of(SPEC, CONTAINERS, WEB, PathElement.field("image")));

    assertThat(Json.MAPPER.writeValueAsString(set.toFieldsV1())).isEqualTo(
        "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},"
            + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{},\"f:image\":{}}}}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{},\"f:image\":{}}}}}",
      "{\"f:metadata\":{\"f:finalizers\":{\".\":{},\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}}}",
      "{\"f:spec\":{\"f:ports\":{\"k:{\\\"port\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:port\":{}}},\"f:selector\":{}}}",
      "{\"f:a\":{},\"f:b\":{\".\":{},\"f:c\":{}}}",
      "{}"})
  void roundTripsFieldsV1(String fieldsV1) {
    FieldSet set = FieldSet.fromFieldsV1(Json.MAPPER.readTree(fieldsV1));
    assertThat(Json.MAPPER.writeValueAsString(set.toFieldsV1())).isEqualTo(fieldsV1);
  }

  @Test
  void keysAreSortedAndHtmlEscapedAsGoWritesThem() {
    PathElement port = PathElement.key(List.of(
        new PathElement.KeyField("protocol", StringNode.valueOf("TCP")),
        new PathElement.KeyField("containerPort", IntNode.valueOf(80))));
    assertThat(port.serialize()).isEqualTo("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
    assertThat(port).hasToString("[containerPort=80,protocol=\"TCP\"]");

    PathElement odd = PathElement.key(List.of(new PathElement.KeyField("name", StringNode.valueOf("a<b&c"))));
    assertThat(odd.serialize()).isEqualTo("k:{\"name\":\"a\\u003cb\\u0026c\"}");
    assertThat(PathElement.parse(odd.serialize())).isEqualTo(odd);
  }

  @Test
  void elementsOrderFieldsThenKeysThenValuesThenIndexes() {
    PathElement value = PathElement.value(StringNode.valueOf("a"));
    PathElement index = PathElement.index(0);
    assertThat(List.of(index, value, WEB, SPEC).stream().sorted().toList()).containsExactly(SPEC, WEB, value, index);
    // Numbers before strings, and integers equal to floats of the same value.
    assertThat(PathElement.value(IntNode.valueOf(3)).compareTo(value)).isNegative();
    assertThat(PathElement.value(IntNode.valueOf(1)))
        .isEqualTo(PathElement.value(tools.jackson.databind.node.DoubleNode.valueOf(1.0)));
  }

  @Test
  void pathsPrintAsKubernetesConflictFields() {
    assertThat(FieldPath.of(SPEC, CONTAINERS, WEB, PathElement.field("image")))
        .hasToString(".spec.containers[name=\"web\"].image");
    assertThat(FieldPath.of(METADATA, PathElement.field("finalizers"), PathElement.value(StringNode.valueOf("x"))))
        .hasToString(".metadata.finalizers[=\"x\"]");
  }

  @Test
  void unknownElementTypesAreSkippedAndMalformedOnesRejected() {
    assertThat(FieldSet.fromFieldsV1(Json.MAPPER.readTree("{\"x:whatever\":{},\"f:a\":{}}")))
        .isEqualTo(FieldSet.ofFields("a"));
    assertThatThrownBy(() -> FieldSet.fromFieldsV1(Json.MAPPER.readTree("{\"f\":{}}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldSet.fromFieldsV1(Json.MAPPER.readTree("{\"k:{bad\":{}}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void differenceIsPerLevelAndRecursiveDifferenceTakesSubtrees() {
    FieldSet set = FieldSet.of(FieldPath.ofFields("spec"), FieldPath.ofFields("spec.replicas"),
        FieldPath.ofFields("spec.paused"), FieldPath.ofFields("status.replicas"));
    FieldSet spec = FieldSet.ofFields("spec");

    assertThat(set.difference(spec).paths()).extracting(FieldPath::toString)
        .containsExactly(".spec.paused", ".spec.replicas", ".status.replicas");
    assertThat(set.recursiveDifference(spec).paths()).extracting(FieldPath::toString)
        .containsExactly(".status.replicas");
  }

  @Test
  void unionAndIntersection() {
    FieldSet a = FieldSet.ofFields("spec.replicas", "spec.paused");
    FieldSet b = FieldSet.ofFields("spec.replicas", "metadata.labels");
    assertThat(a.intersection(b)).isEqualTo(FieldSet.ofFields("spec.replicas"));
    assertThat(a.union(b).size()).isEqualTo(3);
    assertThat(a.intersection(FieldSet.ofFields("spec"))).isEqualTo(FieldSet.EMPTY);
    assertThat(a.has(FieldPath.ofFields("spec.paused"))).isTrue();
    assertThat(a.has(FieldPath.ofFields("spec"))).isFalse();
  }
}
