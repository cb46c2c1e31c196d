package io.capstan.apiserver.apply;

import static io.capstan.apiserver.apply.Manifests.deployment;
import static io.capstan.apiserver.apply.Manifests.fields;
import static io.capstan.apiserver.apply.Manifests.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.Json;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The open schemas served until the full Kubernetes ones are (apiVersion, kind, metadata declared,
 * everything else preserved): apply and tracking work, with lists atomic and maps granular.
 */
class PermissiveSchemaTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private static final SchemaLookup OPEN = new SchemaLookup() {
    @Override
    public Optional<JsonNode> root(String apiVersion, String kind) {
      return Optional.of(obj("{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{"
          + "'apiVersion':{'type':'string'},'kind':{'type':'string'},"
          + "'metadata':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}"));
    }

    @Override
    public JsonNode resolve(JsonNode schema) {
      return schema == null ? Json.object() : schema;
    }
  };

  @Test
  void applyOwnsMapsGranularlyAndListsWhole() {
    ObjectNode out = new ServerSideApply().apply(null, deployment(2, "nginx"), "kubectl", false, OPEN, T0).object();

    assertThat(fields(out, "kubectl")).isEqualTo("{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'.':{},"
        + "'f:replicas':{},'f:selector':{'.':{},'f:matchLabels':{'.':{},'f:app':{}}},'f:template':{'.':{},"
        + "'f:metadata':{'.':{},'f:labels':{'.':{},'f:app':{}}},'f:spec':{'.':{},'f:containers':{}}}}}");
  }

  @Test
  void updatesAreTrackedToo() {
    ObjectNode obj = deployment(2, "nginx");
    new ManagedFieldsTracker(OPEN).recordUpdate(null, obj, "kubectl-create", "Update", "apps/v1", T0);
    assertThat(fields(obj, "kubectl-create")).startsWith("{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'.':{}");
  }
}
