package io.capstan.apiserver.apply;

import static io.capstan.apiserver.apply.Manifests.deployment;
import static io.capstan.apiserver.apply.Manifests.entry;
import static io.capstan.apiserver.apply.Manifests.fields;
import static io.capstan.apiserver.apply.Manifests.obj;
import static io.capstan.apiserver.apply.Manifests.partial;
import static io.capstan.apiserver.apply.Manifests.withoutManagedFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Apply as {@code kubectl apply --server-side} drives it, against a Deployment schema shaped like v1.32's. */
class ServerSideApplyTest {
  private static final SchemaLookup SCHEMAS = TestSchemas.deployments();
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.750Z");
  private static final Instant T1 = Instant.parse("2025-03-01T11:00:00Z");
  private static final Instant T2 = Instant.parse("2025-03-01T12:00:00Z");

  /** What Kubernetes records for {@link Manifests#deployment}. */
  private static final String WEB_FIELDS = "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},"
      + "'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':"
      + "{'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}";

  private final ServerSideApply ssa = new ServerSideApply();

  private ObjectNode created() {
    return ssa.apply(null, deployment(2, "nginx:1.27"), "kubectl", false, SCHEMAS, T0).object();
  }

  private ApiException conflict(ObjectNode live, ObjectNode config, String manager) {
    return catchThrowableOfType(ApiException.class, () -> ssa.apply(live, config, manager, false, SCHEMAS, T1));
  }

  @Test
  void applyCreatesTheObjectWithOneApplyEntry() {
    ServerSideApply.Result r = ssa.apply(null, deployment(2, "nginx:1.27"), "kubectl", false, SCHEMAS, T0);

    assertThat(r.created()).isTrue();
    assertThat(r.changed()).isTrue();
    assertThat(withoutManagedFields(r.object())).isEqualTo(deployment(2, "nginx:1.27"));
    assertThat(r.object().at("/metadata/managedFields")).isEqualTo(obj("{'a':[{'manager':'kubectl','operation':'Apply',"
        + "'apiVersion':'apps/v1','time':'2025-03-01T10:00:00Z','fieldsType':'FieldsV1','fieldsV1':" + WEB_FIELDS
        + "}]}").get("a"));
  }

  @Test
  void reapplyingTheSameConfigurationChangesNothingAndKeepsTheTime() {
    ObjectNode live = created();

    ServerSideApply.Result r = ssa.apply(live, deployment(2, "nginx:1.27"), "kubectl", false, SCHEMAS, T1);

    assertThat(r.created()).isFalse();
    assertThat(r.changed()).isFalse();
    assertThat(r.object()).isEqualTo(live);
  }

  @Test
  void twoManagersOwnTheFieldsEachApplied() {
    ObjectNode live = created();
    ObjectNode config = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'team':'blue'}}}");

    ObjectNode out = ssa.apply(live, config, "ci", false, SCHEMAS, T1).object();

    assertThat(out.at("/metadata/labels")).isEqualTo(obj("{'app':'web','team':'blue'}"));
    assertThat(out.at("/metadata/managedFields/0/manager").asString()).isEqualTo("kubectl");
    assertThat(out.at("/metadata/managedFields/1/manager").asString()).isEqualTo("ci");
    assertThat(fields(out, "kubectl")).isEqualTo(WEB_FIELDS);
    assertThat(fields(out, "ci")).isEqualTo("{'f:metadata':{'f:labels':{'f:team':{}}}}");
    assertThat(entry(out, "ci").get("time").asString()).isEqualTo("2025-03-01T11:00:00Z");
  }

  @Test
  void changingAFieldAnotherApplierOwnsIsAConflict() {
    ApiException e = conflict(created(), partial("{'replicas':5}"), "ci");

    assertThat(e.code()).isEqualTo(409);
    assertThat(e.toStatus()).isEqualTo(obj("{'kind':'Status','apiVersion':'v1','metadata':{},'status':'Failure',"
        + "'message':'Apply failed with 1 conflict: conflict with \\'kubectl\\': .spec.replicas','reason':'Conflict',"
        + "'details':{'causes':[{'reason':'FieldManagerConflict','message':'conflict with \\'kubectl\\'',"
        + "'field':'.spec.replicas'}]},'code':409}"));
  }

  @Test
  void applyingTheSameValueSharesOwnership() {
    ObjectNode out = ssa.apply(created(), partial("{'replicas':2}"), "ci", false, SCHEMAS, T1).object();

    assertThat(fields(out, "ci")).isEqualTo("{'f:spec':{'f:replicas':{}}}");
    assertThat(fields(out, "kubectl")).isEqualTo(WEB_FIELDS);
  }

  @Test
  void everyConflictIsListedByManager() {
    ObjectNode config = partial("{'replicas':5,'template':{'spec':{'containers':[{'name':'web','image':'nginx:2'}]}}}");

    ApiException e = conflict(created(), config, "ci");

    assertThat(e.getMessage()).isEqualTo("Apply failed with 2 conflicts: conflicts with \"kubectl\":\n"
        + "- .spec.replicas\n- .spec.template.spec.containers[name=\"web\"].image");
    assertThat(e.causes()).extracting(ApiException.Cause::field)
        .containsExactly(".spec.replicas", ".spec.template.spec.containers[name=\"web\"].image");
  }

  @Test
  void forceMovesTheFieldToTheApplier() {
    ObjectNode out = ssa.apply(created(), partial("{'replicas':5}"), "ci", true, SCHEMAS, T1).object();

    assertThat(out.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(fields(out, "ci")).isEqualTo("{'f:spec':{'f:replicas':{}}}");
    assertThat(fields(out, "kubectl")).doesNotContain("f:replicas");
    // Now the former owner conflicts when it applies its old value.
    assertThat(conflict(out, deployment(2, "nginx:1.27"), "kubectl").getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"ci\": .spec.replicas");
  }

  @Test
  void fieldsTheApplierStopsApplyingAreRemovedUnlessSomeoneElseOwnsThem() {
    ObjectNode live = ssa.apply(created(), partial("{'replicas':2}"), "ci", false, SCHEMAS, T1).object();
    ObjectNode config = deployment(2, "nginx:1.27");
    config.withObject("metadata").remove("labels");
    config.withObject("spec").remove("replicas");

    ObjectNode out = ssa.apply(live, config, "kubectl", false, SCHEMAS, T2).object();

    assertThat(out.at("/metadata/labels").isMissingNode()).isTrue();
    assertThat(out.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(fields(out, "kubectl")).doesNotContain("f:replicas").doesNotContain("f:labels\\':{\\'f:app");
    assertThat(fields(out, "ci")).isEqualTo("{'f:spec':{'f:replicas':{}}}");
  }

  @Test
  void containersAreOwnedItemByItem() {
    ObjectNode sidecar = partial("{'template':{'spec':{'containers':[{'name':'proxy','image':'envoy'}]}}}");
    ObjectNode live = ssa.apply(created(), sidecar, "injector", false, SCHEMAS, T1).object();

    assertThat(live.at("/spec/template/spec/containers")).isEqualTo(
        obj("{'c':[{'name':'web','image':'nginx:1.27'},{'name':'proxy','image':'envoy'}]}").get("c"));
    assertThat(fields(live, "injector")).isEqualTo("{'f:spec':{'f:template':{'f:spec':{'f:containers':"
        + "{'k:{\\'name\\':\\'proxy\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}");

    // The web container is kubectl's: changing its image conflicts, per item.
    ObjectNode webImage = partial("{'template':{'spec':{'containers':[{'name':'web','image':'nginx:2'}]}}}");
    assertThat(conflict(live, webImage, "injector").getMessage()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"kubectl\": .spec.template.spec.containers[name=\"web\"].image");

    // The injector stops applying its container: only that item goes. (Applying "spec: {}"
    // instead would claim .spec itself, as upstream does for an empty map.)
    ObjectNode nothing = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'}}");
    ObjectNode out = ssa.apply(live, nothing, "injector", false, SCHEMAS, T2).object();
    assertThat(out.at("/spec/template/spec/containers")).isEqualTo(
        obj("{'c':[{'name':'web','image':'nginx:1.27'}]}").get("c"));
    assertThat(entry(out, "injector")).isNull();
  }

  @Test
  void aNewManagerApplyingOnlyExistingValuesGetsAnEntryWithoutTime() {
    ObjectNode config = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'}}}");

    ServerSideApply.Result r = ssa.apply(created(), config, "ci", false, SCHEMAS, T1);

    // The object is unchanged, so upstream does not stamp the entry; managedFields still changed.
    assertThat(r.changed()).isTrue();
    assertThat(entry(r.object(), "ci").has("time")).isFalse();
    assertThat(fields(r.object(), "ci")).isEqualTo("{'f:metadata':{'f:labels':{'f:app':{}}}}");
  }

  @Test
  void anObjectWithoutManagedFieldsBelongsToBeforeFirstApply() {
    ObjectNode legacy = deployment(3, "nginx:1.27");
    legacy.withObject("metadata").put("uid", "u-1");

    assertThat(conflict(legacy, deployment(2, "nginx:1.27"), "kubectl").getMessage()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas");

    ObjectNode out = ssa.apply(legacy, deployment(3, "nginx:1.27"), "kubectl", false, SCHEMAS, T1).object();
    assertThat(entry(out, "before-first-apply").get("operation").asString()).isEqualTo("Update");
    assertThat(fields(out, "kubectl")).isEqualTo(WEB_FIELDS);
  }

  @Test
  void resetFieldsAreNotOwnedThroughTheMainResource() {
    ObjectNode config = deployment(2, "nginx:1.27");
    config.putObject("status").put("replicas", 9);

    ObjectNode out = ssa.apply(null, config, "kubectl", false, SCHEMAS, T0, WriteScope.mainResource("status")).object();

    assertThat(fields(out, "kubectl")).isEqualTo(WEB_FIELDS);
  }

  @Test
  void statusAppliesAreSeparateSubresourceEntries() {
    WriteScope status = WriteScope.subresource("status", "spec", "metadata.labels");
    ObjectNode config = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'status':{'replicas':1}}");

    ObjectNode out = ssa.apply(created(), config, "kubectl", false, SCHEMAS, T1, status).object();

    JsonNode e = out.at("/metadata/managedFields/1");
    assertThat(e).isEqualTo(obj("{'manager':'kubectl','operation':'Apply','apiVersion':'apps/v1',"
        + "'time':'2025-03-01T11:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:status':{'f:replicas':{}}},"
        + "'subresource':'status'}"));
    ObjectNode other = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'status':{'replicas':2}}");
    ApiException c = catchThrowableOfType(ApiException.class,
        () -> ssa.apply(out, other, "ctrl", false, SCHEMAS, T2, status));
    assertThat(c.getMessage()).isEqualTo(
        "Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"status\": .status.replicas");
  }

  @Test
  void withoutSchemaMapsAreGranularAndListsAtomic() {
    ObjectNode config = obj("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w','labels':{'a':'b'}},"
        + "'spec':{'sizes':[1,2],'color':'red'}}");

    ObjectNode live = ssa.apply(null, config, "kubectl", false, TestSchemas.none(), T0).object();
    assertThat(fields(live, "kubectl")).isEqualTo(
        "{'f:metadata':{'f:labels':{'.':{},'f:a':{}}},'f:spec':{'.':{},'f:color':{},'f:sizes':{}}}");

    ObjectNode other = obj("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w'},'spec':{'sizes':[3]}}");
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> ssa.apply(live, other, "ci", false, TestSchemas.none(), T1));
    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.sizes");
  }
}
