package io.capstan.apiserver.apply;

import static io.capstan.apiserver.apply.Manifests.deployment;
import static io.capstan.apiserver.apply.Manifests.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.capstan.model.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bodies and options of apply requests, and the errors Kubernetes gives for bad ones. */
class ApplyRequestTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final ServerSideApply ssa = new ServerSideApply();

  @Test
  void parsesYamlAndJson() {
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n";
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"v\"}}";

    assertThat(ServerSideApply.parse(yaml.getBytes(StandardCharsets.UTF_8))).isEqualTo(obj(json.replace('"', '\'')));
    assertThat(ServerSideApply.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(obj(json.replace('"', '\'')));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "[1, 2]|error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
      "just text|error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}"})
  void rejectsBodiesThatAreNotObjects(String body, String message) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> ServerSideApply.parse(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @Test
  void rejectsMalformedYaml() {
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> ServerSideApply.parse("a: [b\nc: {".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).startsWith("error decoding YAML: ");
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', value = {
      "{'apiVersion':'apps/v1','metadata':{'name':'web'}}|400|invalid object type: apps/v1, Kind=",
      "{'kind':'Pod','metadata':{'name':'p'}}|400|invalid object type: /, Kind=Pod",
      "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','managedFields':[]}}|400|metadata.managedFields must be nil",
      "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default'},'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'a'}]}}}}|500|failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name=\"a\"]"})
  void rejectsConfigurationsKubernetesRejects(String config, int code, String message) {
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> ssa.apply(null, obj(config), "kubectl", false, TestSchemas.deployments(), T0));
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @Test
  void theConfigurationMustBeOfTheEndpointsKind() {
    ServerSideApply.requireType(deployment(1, "x"), "apps/v1", "Deployment");
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> ServerSideApply.requireType(deployment(1, "x"), "v1", "Pod"));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("invalid object type: apps/v1, Kind=Deployment");
  }

  @Test
  void applyRequestsNeedAFieldManager() {
    ServerSideApply.requireFieldManager("kubectl");
    ApiException e = catchThrowableOfType(ApiException.class, () -> ServerSideApply.requireFieldManager(""));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.getMessage()).isEqualTo(
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
  }
}
