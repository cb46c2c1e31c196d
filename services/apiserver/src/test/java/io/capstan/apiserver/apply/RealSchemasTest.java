package io.capstan.apiserver.apply;

import static io.capstan.apiserver.apply.Manifests.deployment;
import static io.capstan.apiserver.apply.Manifests.fields;
import static io.capstan.apiserver.apply.Manifests.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.capstan.apiserver.openapi.OpenApiDocuments;
import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.model.ApiException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Against the Kubernetes 1.32 schemas Capstan serves: what kubectl would see in managedFields. */
class RealSchemasTest {
  private static final SchemaLookup SCHEMAS = new OpenApiDocuments(new ResourceCatalog(), name -> Optional.empty());
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final ServerSideApply ssa = new ServerSideApply();

  @Test
  void deploymentAppliedByKubectl() {
    ObjectNode out = ssa.apply(null, deployment(2, "nginx"), "kubectl", false, SCHEMAS, T0).object();

    assertThat(fields(out, "kubectl")).isEqualTo("{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},"
        + "'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':"
        + "{'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}");
  }

  @Test
  void deploymentCreatedByClientSideApply() {
    ObjectNode obj = deployment(2, "nginx");
    new ManagedFieldsTracker(SCHEMAS).recordUpdate(null, obj, "kubectl-client-side-apply", "Update", "apps/v1", T0);

    assertThat(fields(obj, "kubectl-client-side-apply")).isEqualTo("{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},"
        + "'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},"
        + "'f:spec':{'f:containers':{'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{},'f:name':{},'f:resources':{}}}}}}}");
  }

  @Test
  void servicePortsAreKeyedByPortAndDefaultedProtocol() {
    ObjectNode svc = obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'default'},"
        + "'spec':{'selector':{'app':'web'},'ports':[{'port':80,'targetPort':8080}]}}");

    ObjectNode out = ssa.apply(null, svc, "kubectl", false, SCHEMAS, T0).object();

    assertThat(fields(out, "kubectl")).isEqualTo("{'f:spec':{'f:ports':{'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':"
        + "{'.':{},'f:port':{},'f:targetPort':{}}},'f:selector':{}}}");
  }

  @Test
  void configMapDataIsOwnedKeyByKey() {
    ObjectNode cm = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'default'},"
        + "'data':{'a':'1','b':'2'}}");
    ObjectNode live = ssa.apply(null, cm, "kubectl", false, SCHEMAS, T0).object();
    assertThat(fields(live, "kubectl")).isEqualTo("{'f:data':{'f:a':{},'f:b':{}}}");

    ObjectNode other = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'b':'3'}}");
    ApiException e = catchThrowableOfType(ApiException.class, () -> ssa.apply(live, other, "ci", false, SCHEMAS, T0));
    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\": .data.b");
  }

  @Test
  void unknownFieldsCannotBeApplied() {
    ObjectNode config = deployment(1, "nginx");
    config.withObject("spec").put("replica", 3);

    ApiException e = catchThrowableOfType(ApiException.class, () -> ssa.apply(null, config, "kubectl", false, SCHEMAS, T0));

    assertThat(e.code()).isEqualTo(500);
    assertThat(e.getMessage()).isEqualTo("failed to create typed patch object (default/web; apps/v1, Kind=Deployment): "
        + ".spec.replica: field not declared in schema");
  }
}
