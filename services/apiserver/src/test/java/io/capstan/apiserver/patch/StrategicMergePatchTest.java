package io.capstan.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The case table of {@link StrategicMergePatchCases}, plus what the table cannot express. */
class StrategicMergePatchTest {
  private static final FakeSchemas SCHEMAS = FakeSchemas.kubernetes();
  private static final StrategicMergePatch SMP = new StrategicMergePatch(SCHEMAS);

  @ParameterizedTest
  @MethodSource("io.capstan.apiserver.patch.StrategicMergePatchCases#all")
  void documentedBehaviour(JsonNode c) {
    JsonNode schema = StrategicMergePatchCases.schema(SCHEMAS, c);
    ObjectNode original = (ObjectNode) c.get("original");
    ObjectNode patch = (ObjectNode) c.get("patch");
    JsonNode originalBefore = original.deepCopy();
    JsonNode patchBefore = patch.deepCopy();

    if (c.has("error")) {
      assertThatThrownBy(() -> SMP.apply(original, patch, schema))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertEquals(c.get("error").get("code").asInt(), e.code());
            assertThat(e.getMessage()).contains(c.get("error").get("message").stringValue());
          });
    } else {
      assertThat(SMP.apply(original, patch, schema)).isEqualTo(c.get("expected"));
    }
    assertThat(original).as("original untouched").isEqualTo(originalBefore);
    assertThat(patch).as("patch untouched").isEqualTo(patchBefore);
  }

  @Test
  void untypedSchemaReplacesListsAndMergesMaps() {
    ObjectNode original = json("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"a\"}],\"labels\":{\"x\":\"1\"}}}");
    ObjectNode patch = json("{\"spec\":{\"containers\":[{\"name\":\"b\"}],\"labels\":{\"y\":\"2\"}}}");
    assertThat(SMP.apply(original, patch, Json.object()))
        .isEqualTo(json("{\"spec\":{\"containers\":[{\"name\":\"b\"}],\"labels\":{\"x\":\"1\",\"y\":\"2\"}}}"));
  }

  @Test
  void untypedListWithElementOrderIsReplacedNotRefused() {
    // Until the real schemas are served, kubectl apply's patch meets lists without merge keys.
    ObjectNode original = json("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"a\"}]}}");
    ObjectNode patch = json("{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"}],"
        + "\"containers\":[{\"name\":\"a\",\"image\":\"b\"}]}}");
    assertThat(SMP.apply(original, patch, Json.object()))
        .isEqualTo(json("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"b\"}]}}"));
  }

  @Test
  void wholeObjectReplace() {
    ObjectNode original = json("{\"kind\":\"ConfigMap\",\"data\":{\"a\":\"1\"}}");
    ObjectNode patch = json("{\"$patch\":\"replace\",\"kind\":\"ConfigMap\",\"data\":{\"b\":\"2\"}}");
    assertThat(SMP.apply(original, patch, SCHEMAS.root("v1", "ConfigMap").orElseThrow()))
        .isEqualTo(json("{\"kind\":\"ConfigMap\",\"data\":{\"b\":\"2\"}}"));
  }

  @Test
  void mergeKeysMatchNumbersByValue() {
    // Stored JSON may hold 80 as a long and the patch as an int; Go compares both as int64.
    ObjectNode original = json("{\"spec\":{\"ports\":[{\"port\":80,\"name\":\"http\"}]}}");
    ((ObjectNode) original.get("spec").get("ports").get(0)).put("port", 80L);
    ObjectNode patch = json("{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8080}]}}");
    assertThat(SMP.apply(original, patch, SCHEMAS.root("v1", "Service").orElseThrow()).toString())
        .isEqualTo("{\"spec\":{\"ports\":[{\"port\":80,\"name\":\"http\",\"targetPort\":8080}]}}");
  }

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.MAPPER.readTree(s);
  }
}
