package io.capstan.apiserver.apply;

import static io.capstan.apiserver.apply.Manifests.deployment;
import static io.capstan.apiserver.apply.Manifests.entry;
import static io.capstan.apiserver.apply.Manifests.fields;
import static io.capstan.apiserver.apply.Manifests.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** managedFields on creates, updates and patches that are not applies. */
class ManagedFieldsTrackerTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.999Z");
  private static final Instant T1 = Instant.parse("2025-03-01T11:00:00Z");
  private static final String CSA = "kubectl-client-side-apply";

  private final ManagedFieldsTracker tracker = new ManagedFieldsTracker(TestSchemas.deployments());

  /** Created by {@code kubectl apply} (client-side), then stored with a uid. */
  private ObjectNode created() {
    ObjectNode obj = deployment(3, "nginx:1.27");
    tracker.recordUpdate(null, obj, CSA, "Update", "apps/v1", T0);
    obj.withObject("metadata").put("uid", "u-1");
    return obj;
  }

  private ObjectNode update(ObjectNode old, String manager, Instant now, java.util.function.Consumer<ObjectNode> change) {
    ObjectNode updated = old.deepCopy();
    change.accept(updated);
    tracker.recordUpdate(old, updated, manager, "Update", "apps/v1", now);
    return updated;
  }

  /**
   * As Kubernetes records it: compiled-in kinds are compared as Go structs, so spec, template and
   * containers are not "added" (no "."), while the container's empty resources struct is.
   */
  @Test
  void aCreateIsOwnedByItsWriterAsKubernetesRecordsIt() {
    ObjectNode obj = created();

    assertThat(obj.at("/metadata/managedFields")).isEqualTo(obj("{'a':[{'manager':'kubectl-client-side-apply',"
        + "'operation':'Update','apiVersion':'apps/v1','time':'2025-03-01T10:00:00Z','fieldsType':'FieldsV1','fieldsV1':"
        + "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{},'f:template':"
        + "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:containers':{'k:{\\'name\\':\\'web\\'}':"
        + "{'.':{},'f:image':{},'f:name':{},'f:resources':{}}}}}}}}]}").get("a"));
  }

  @Test
  void anotherWriterTakesTheFieldsItChanges() {
    ObjectNode out = update(created(), "kubectl-edit", T1, o -> o.withObject("spec").put("replicas", 5));

    assertThat(fields(out, "kubectl-edit")).isEqualTo("{'f:spec':{'f:replicas':{}}}");
    assertThat(fields(out, CSA)).doesNotContain("f:replicas");
    assertThat(out.at("/metadata/managedFields/0/manager").asString()).isEqualTo(CSA);
    assertThat(out.at("/metadata/managedFields/1/time").asString()).isEqualTo("2025-03-01T11:00:00Z");
  }

  @Test
  void aWriteThatChangesNothingKeepsEntriesAndTimes() {
    ObjectNode old = created();
    ObjectNode out = update(old, CSA, T1, o -> { });
    assertThat(out).isEqualTo(old);
  }

  @Test
  void removedFieldsLeaveEveryManagerAndEmptyEntriesGo() {
    ObjectNode out = update(created(), "kubectl-edit", T1, o -> o.withObject("metadata").remove("labels"));

    assertThat(fields(out, CSA)).startsWith("{'f:spec'");
    assertThat(entry(out, "kubectl-edit")).isNull();
  }

  @Test
  void existingObjectsWithoutManagedFieldsStayUntracked() {
    ObjectNode legacy = deployment(3, "nginx:1.27");
    legacy.withObject("metadata").put("uid", "u-1");

    ObjectNode out = update(legacy, "kubectl-edit", T1, o -> o.withObject("spec").put("replicas", 5));

    assertThat(out.at("/metadata/managedFields").isMissingNode()).isTrue();
  }

  @Test
  void anEmptyListInTheRequestClearsManagedFields() {
    ObjectNode out = update(created(), "kubectl-edit", T1, o -> o.withObject("metadata").putArray("managedFields"));
    assertThat(out.at("/metadata/managedFields").isMissingNode()).isTrue();
  }

  @Test
  void managedFieldsSentByTheClientAreKept() {
    ObjectNode out = update(created(), "kubectl-edit", T1, o -> o.withObject("metadata").set("managedFields",
        obj("{'a':[{'manager':'someone','operation':'Update','apiVersion':'apps/v1','fieldsType':'FieldsV1',"
            + "'fieldsV1':{'f:spec':{'f:paused':{}}}}]}").get("a")));

    assertThat(entry(out, CSA)).isNull();
    assertThat(fields(out, "someone")).isEqualTo("{'f:spec':{'f:paused':{}}}");
  }

  @Test
  void statusWritesAreSubresourceEntriesThatIgnoreResetFieldsAndSentManagedFields() {
    WriteScope status = WriteScope.subresource("status", "spec", "metadata.labels");
    ObjectNode old = created();
    ObjectNode updated = old.deepCopy();
    updated.putObject("status").put("replicas", 3);
    updated.withObject("spec").put("paused", true);
    updated.withObject("metadata").putArray("managedFields");

    tracker.recordUpdate(old, updated, "kube-controller-manager", "Update", "apps/v1", T1, status);

    assertThat(entry(updated, "kube-controller-manager")).isEqualTo(obj("{'manager':'kube-controller-manager',"
        + "'operation':'Update','apiVersion':'apps/v1','time':'2025-03-01T11:00:00Z','fieldsType':'FieldsV1',"
        + "'fieldsV1':{'f:status':{'f:replicas':{}}},'subresource':'status'}"));
    assertThat(entry(updated, CSA)).isNotNull();
  }

  @Test
  void theMainResourceDoesNotOwnItsResetFields() {
    ObjectNode old = created();
    ObjectNode updated = old.deepCopy();
    updated.putObject("status").put("replicas", 3);

    tracker.recordUpdate(old, updated, "kubectl-edit", "Update", "apps/v1", T1, WriteScope.mainResource("status"));

    assertThat(entry(updated, "kubectl-edit")).isNull();
  }

  @Test
  void atMostTenUpdateManagersAreKept() {
    ObjectNode obj = created();
    for (int i = 1; i <= 10; i++) {
      String label = "l" + i;
      obj = update(obj, "writer-" + i, T1.plusSeconds(i), o -> o.withObject("metadata").withObject("labels").put(label, "x"));
    }

    List<String> managers = new ArrayList<>();
    for (JsonNode e : obj.at("/metadata/managedFields")) managers.add(e.get("manager").asString());
    assertThat(managers).hasSize(10).startsWith("ancient-changes", "writer-2").endsWith("writer-10");
    assertThat(fields(obj, "ancient-changes")).contains("f:l1").contains("f:replicas");
    assertThat(entry(obj, "ancient-changes").get("time").asString()).isEqualTo("2025-03-01T11:00:01Z");
  }

  @Test
  void onlyUpdatesAreRecordedHere() {
    assertThatThrownBy(() -> tracker.recordUpdate(null, deployment(1, "x"), "m", "Apply", "apps/v1", T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd|kubectl",
      "kube-controller-manager/v1.32.4 (linux/amd64) kubernetes/59526cd/system:serviceaccount:kube-system:deployment-controller|kube-controller-manager",
      "fabric8-kubernetes-client/7.1.0|fabric8-kubernetes-client",
      "curl|curl",
      "''|''",
      "NULL|''"})
  void theDefaultManagerIsTheUserAgentUpToItsFirstSlash(String userAgent, String manager) {
    assertThat(ManagedFieldsTracker.defaultManager(userAgent)).isEqualTo(manager);
  }

  @Test
  void theDefaultManagerDropsUnprintableCharactersAndStopsAt128Bytes() {
    assertThat(ManagedFieldsTracker.defaultManager("my\u0007agent\t/1")).isEqualTo("myagent");
    assertThat(ManagedFieldsTracker.defaultManager("a".repeat(200))).hasSize(128);
    assertThat(ManagedFieldsTracker.managerFor("kubectl-edit", "kubectl/v1.32.4")).isEqualTo("kubectl-edit");
    assertThat(ManagedFieldsTracker.managerFor(null, "kubectl/v1.32.4")).isEqualTo("kubectl");
  }
}
