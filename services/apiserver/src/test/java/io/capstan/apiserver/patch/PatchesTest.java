package io.capstan.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** Content-Type dispatch, and the answers kubectl reads: 415 for custom resources and apply, 400 for bad bodies. */
class PatchesTest {
  private final Patches patches = new Patches(FakeSchemas.kubernetes());

  @Test
  void strategicMergePatchMergesContainersByName() {
    ObjectNode deploy = json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},"
        + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"a\"},{\"name\":\"b\",\"image\":\"b\"}]}}}}");
    ObjectNode out = patches.apply(Patches.STRATEGIC, deploy,
        bytes("{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
            + "\"containers\":[{\"image\":\"b:2\",\"name\":\"b\"}]}}}}"));
    assertThat(out.at("/spec/template/spec/containers").toString())
        .isEqualTo("[{\"name\":\"a\",\"image\":\"a\"},{\"name\":\"b\",\"image\":\"b:2\"}]");
    assertThat(out.at("/metadata/name").stringValue()).isEqualTo("web");
  }

  @Test
  void customResourcesRefuseStrategicMergePatchAsKubernetesDoes() {
    ObjectNode cr = json("{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\",\"spec\":{\"cronSpec\":\"* * * * */5\"}}");
    assertThatThrownBy(() -> patches.apply(Patches.STRATEGIC, cr, bytes("{\"spec\":{\"image\":\"x\"}}")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(415);
          assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
          assertThat(e.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted media types "
              + "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        });
    // The same object takes a merge patch.
    assertThat(patches.apply(Patches.MERGE, cr, bytes("{\"spec\":{\"image\":\"x\"}}")).at("/spec/image").stringValue())
        .isEqualTo("x");
  }

  @Test
  void builtInKindWithoutSchemaPatchesUntyped() {
    ObjectNode ns = json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}}}");
    ObjectNode out = patches.apply(Patches.STRATEGIC, ns, bytes("{\"metadata\":{\"labels\":{\"y\":\"2\"}}}"));
    assertThat(out.at("/metadata/labels")).isEqualTo(json("{\"x\":\"1\",\"y\":\"2\"}"));
  }

  @Test
  void scaleSubresourceTakesStrategicMergePatch() {
    // kubectl patch --subresource=scale defaults to a strategic merge patch.
    ObjectNode scale = json("{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"spec\":{\"replicas\":1}}");
    assertThat(patches.apply(Patches.STRATEGIC, scale, bytes("{\"spec\":{\"replicas\":3}}")).at("/spec/replicas").asInt())
        .isEqualTo(3);
  }

  @Test
  void serverSideApplyIsNotServedYet() {
    ObjectNode deploy = json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}");
    assertThatThrownBy(() -> patches.apply(Patches.APPLY, deploy, bytes("{}")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(415);
          assertThat(e.getMessage()).contains("server-side apply");
        });
  }

  @Test
  void jsonPatchThatDoesNotApplyIsKubernetesGeneric422() {
    ObjectNode deploy = json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replicas\":3}}");
    assertThatThrownBy(() -> patches.apply(Patches.JSON_PATCH, deploy,
        bytes("[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99}]")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.reason()).isEqualTo("Invalid");
          // kubectl prints: The request is invalid: the server rejected our request due to an error in our request
          assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
        });
  }

  @Test
  void unknownPatchTypeIs415() {
    ObjectNode deploy = json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"}");
    assertThatThrownBy(() -> patches.apply("application/xml", deploy, bytes("<a/>")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"spec\":", "[]", "\"spec\"", "", "{\"spec\":{\"$patch\":7}}",
      "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":{\"name\":\"a\"}}}}}",
      "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"a\"}}"})
  void malformedStrategicPatchesAre400(String body) {
    ObjectNode deploy = json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"finalizers\":[\"a\"]},"
        + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}");
    assertThatThrownBy(() -> patches.apply(Patches.STRATEGIC, deploy, bytes(body)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.MAPPER.readTree(s);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
