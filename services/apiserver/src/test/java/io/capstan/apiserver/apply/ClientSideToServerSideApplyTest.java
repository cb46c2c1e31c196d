package io.capstan.apiserver.apply;

import static io.capstan.apiserver.apply.Manifests.deployment;
import static io.capstan.apiserver.apply.Manifests.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.capstan.apiserver.apply.fieldpath.GoText;
import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kubectl apply} (client-side, recorded as the Update manager
 * {@code kubectl-client-side-apply}), then {@code kubectl apply --server-side}.
 */
class ClientSideToServerSideApplyTest {
  private static final SchemaLookup SCHEMAS = TestSchemas.deployments();
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2025-03-01T11:00:00Z");
  private static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  private final ManagedFieldsTracker tracker = new ManagedFieldsTracker(SCHEMAS);
  private final ServerSideApply ssa = new ServerSideApply();

  /** The object a client-side apply creates, with or without kubectl's annotation. */
  private ObjectNode clientSideApplied(boolean annotated) {
    ObjectNode manifest = deployment(3, "nginx:1.27");
    ObjectNode created = manifest.deepCopy();
    if (annotated) created.withObject("metadata").putObject("annotations").put(ANNOTATION, GoText.json(manifest, true) + "\n");
    tracker.recordUpdate(null, created, "kubectl-client-side-apply", "Update", "apps/v1", T0);
    created.withObject("metadata").put("uid", "u-1");
    return created;
  }

  private ApiException conflict(ObjectNode live, ObjectNode config, String manager) {
    return catchThrowableOfType(ApiException.class, () -> ssa.apply(live, config, manager, false, SCHEMAS, T1));
  }

  @Test
  void aChangedFieldConflictsWithTheClientSideApplyManager() {
    ApiException e = conflict(clientSideApplied(false), deployment(5, "nginx:1.27"), "kubectl");

    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("Conflict");
    assertThat(e.getMessage()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
    assertThat(e.causes()).containsExactly(new ApiException.Cause("FieldManagerConflict",
        "conflict with \"kubectl-client-side-apply\" using apps/v1", ".spec.replicas"));
  }

  @Test
  void theSameManifestIsSharedWithoutConflict() {
    ObjectNode out = ssa.apply(clientSideApplied(false), deployment(3, "nginx:1.27"), "kubectl", false, SCHEMAS, T1)
        .object();

    assertThat(fields(out, "kubectl")).contains("f:replicas");
    assertThat(fields(out, "kubectl-client-side-apply")).contains("f:replicas");
  }

  @Test
  void kubectlTakesOverFieldsItsLastAppliedAnnotationRecords() {
    ObjectNode out = ssa.apply(clientSideApplied(true), deployment(5, "nginx:1.27"), "kubectl", false, SCHEMAS, T1)
        .object();

    assertThat(out.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(fields(out, "kubectl")).contains("f:replicas");
    assertThat(fields(out, "kubectl-client-side-apply")).doesNotContain("f:replicas");
    // The annotation follows the server-side configuration, so a later client-side apply still works.
    assertThat(out.at("/metadata/annotations").get(ANNOTATION).asString()).isEqualTo(
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"labels\":{\"app\":\"web\"},\"name\":\"web\","
            + "\"namespace\":\"default\"},\"spec\":{\"replicas\":5,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
            + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.27\","
            + "\"name\":\"web\"}]}}}}\n");
  }

  @Test
  void onlyTheKubectlManagerMayTakeOver() {
    ApiException e = conflict(clientSideApplied(true), deployment(5, "nginx:1.27"), "deployer");

    assertThat(e.getMessage()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
  }

  @Test
  void aFieldThatDriftedFromTheAnnotationStillConflicts() {
    ObjectNode live = clientSideApplied(true);
    live.withObject("spec").put("replicas", 4);

    ApiException e = conflict(live, deployment(5, "nginx:1.27"), "kubectl");

    assertThat(e.getMessage()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
  }
}
