package io.capstan.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.openapi.OpenApiDocuments;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class FieldValidationTest {
  private final FieldValidation validation =
      new FieldValidation(new OpenApiDocuments(new ResourceCatalog(), name -> Optional.empty()));

  private static final String DEPLOYMENT = """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},"bogus":1},
       "spec":{"replicas":2,"foo":true,"selector":{"matchLabels":{"app":"web"}},
        "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
        "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
          {"name":"c","image":"busybox","ports":[{"containerPort":80,"hostIp":"x"}],
           "resources":{"limits":{"cpu":"1"}},"env":[{"name":"A","value":"b"}]}]}},
        "bar":{}}}
      """;

  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  @Test
  void strictRejectsUnknownFieldsWithKubernetesMessage() {
    assertThatThrownBy(() -> validation.check(obj(DEPLOYMENT), "apps/v1", "Deployment", "Strict"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.reason()).isEqualTo("BadRequest");
          assertThat(e.getMessage()).isEqualTo("strict decoding error: unknown field \"metadata.bogus\", "
              + "unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].ports[0].hostIp\", "
              + "unknown field \"spec.bar\"");
        });
  }

  @Test
  void warnIsTheDefaultAndReturnsEachProblem() {
    assertThat(validation.check(obj(DEPLOYMENT), "apps/v1", "Deployment", null)).containsExactly(
        "unknown field \"metadata.bogus\"", "unknown field \"spec.foo\"",
        "unknown field \"spec.template.spec.containers[0].ports[0].hostIp\"", "unknown field \"spec.bar\"");
    assertThat(validation.check(obj(DEPLOYMENT), "apps/v1", "Deployment", "Warn")).hasSize(4);
  }

  @Test
  void ignoreSaysNothing() {
    assertThat(validation.check(obj(DEPLOYMENT), "apps/v1", "Deployment", "Ignore")).isEmpty();
  }

  @Test
  void validObjectsPass() {
    String pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","annotations":{"a":"b"},
          "ownerReferences":[{"apiVersion":"v1","kind":"X","name":"n","uid":"u","controller":true}]},
         "spec":{"containers":[{"name":"c","image":"i","command":["sh"],"livenessProbe":{"httpGet":{"port":"http","path":"/"}},
           "securityContext":{"capabilities":{"add":["NET_ADMIN"]}}}],
          "volumes":[{"name":"v","configMap":{"name":"cm","items":[{"key":"k","path":"p"}]}}],
          "tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}],"nodeSelector":{"a":"b"}},
         "status":{"phase":"Pending","conditions":[{"type":"Ready","status":"True","lastTransitionTime":null}]}}
        """;
    assertThat(validation.check(obj(pod), "v1", "Pod", "Strict")).isEmpty();
    String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"any\":\"thing\"}}";
    assertThat(validation.check(obj(cm), "v1", "ConfigMap", "Strict")).isEmpty();
  }

  @Test
  void unknownKindsAreNotValidated() {
    assertThat(validation.check(obj("{\"foo\":1}"), "example.com/v1", "Nope", "Strict")).isEmpty();
  }

  @Test
  void duplicatesFromTheRawBody() {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"name\":\"b\"},"
        + "\"data\":{\"k\":\"1\",\"k\":\"2\"},\"items\":[{\"x\":1,\"x\":2}],\"data\":{}}";
    assertThat(FieldValidation.checkDuplicates(body.getBytes(StandardCharsets.UTF_8))).containsExactly(
        "duplicate field \"metadata.name\"", "duplicate field \"data.k\"", "duplicate field \"items[0].x\"",
        "duplicate field \"data\"");
    assertThat(FieldValidation.checkDuplicates("{\"a\":[1,{\"b\":1}],\"c\":{\"b\":2}}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(FieldValidation.checkDuplicates("{not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void bodyChecksCombineDuplicatesAndUnknownFieldsLikeTheDecoder() {
    String body = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},"
        + "\"spec\":{\"replicas\":1,\"replicas\":2,\"foo\":1}}";
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> validation.checkBody(raw, obj(body), "apps/v1", "Deployment", "Strict"))
        .hasMessage("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
            + "duplicate field \"spec.replicas\", unknown field \"spec.foo\"");
    assertThat(validation.checkBody(raw, obj(body), "apps/v1", "Deployment", "")).containsExactly(
        "duplicate field \"spec.replicas\"", "unknown field \"spec.foo\"");
    assertThat(validation.checkBody(raw, obj(body), "apps/v1", "Deployment", "Ignore")).isEmpty();
  }

  @Test
  void invalidDirectiveIsRejected() {
    assertThatThrownBy(() -> validation.check(obj("{}"), "v1", "Pod", "strict"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldValidation: "
              + "Unsupported value: \"strict\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        });
  }

  @Test
  void dropUnknownFieldsRemovesThem() {
    ObjectNode d = obj(DEPLOYMENT);
    assertThat(validation.dropUnknownFields(d, "apps/v1", "Deployment")).hasSize(4);
    assertThat(d.path("spec").has("foo")).isFalse();
    assertThat(d.path("metadata").has("bogus")).isFalse();
    assertThat(d.at("/spec/template/spec/containers/0/ports/0").has("hostIp")).isFalse();
    assertThat(d.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(80);
    assertThat(validation.check(d, "apps/v1", "Deployment", "Strict")).isEmpty();
  }
}
