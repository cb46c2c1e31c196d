package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.CLOCK;
import static io.capstan.apiserver.table.Fixtures.ago;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.table.TableConvertor.Column;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CorePrintersTest {

  @Test
  void namespaceConfigMapSecretServiceAccount() {
    JsonNode ns = json("{\"metadata\":{\"name\":\"default\",\"creationTimestamp\":\"%s\"},\"status\":{\"phase\":\"Active\"}}"
        .formatted(ago(86400 * 45)));
    assertThat(CorePrinters.namespaces(CLOCK).cells(ns)).containsExactly("default", "Active", "45d");
    JsonNode cm = json("{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"1\",\"b\":\"2\"},\"binaryData\":{\"c\":\"AA==\"}}");
    assertThat(CorePrinters.configMaps(CLOCK).cells(cm)).containsExactly("c", 3L, "<unknown>");
    JsonNode secret = json("{\"metadata\":{\"name\":\"s\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"\",\"tls.key\":\"\"}}");
    assertThat(CorePrinters.secrets(CLOCK).cells(secret)).containsExactly("s", "kubernetes.io/tls", 2L, "<unknown>");
    JsonNode sa = json("{\"metadata\":{\"name\":\"default\"}}");
    assertThat(CorePrinters.serviceAccounts(CLOCK).cells(sa)).containsExactly("default", 0L, "<unknown>");
  }

  @Test
  void node() {
    JsonNode n = json("""
        {"metadata":{"name":"n1","creationTimestamp":"%s","labels":{
            "node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/worker":"","kubernetes.io/role":"edge"}},
         "spec":{"unschedulable":true},
         "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
           "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"n1"}],
           "nodeInfo":{"kubeletVersion":"v1.32.4","osImage":"Fedora","kernelVersion":"6.8.0"}}}"""
        .formatted(ago(2 * 86400 + 3 * 3600)));
    TableConvertor c = CorePrinters.nodes(CLOCK);
    assertThat(c.columns()).extracting(Column::name).containsExactly("Name", "Status", "Roles", "Age", "Version",
        "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime");
    assertThat(c.cells(n)).containsExactly("n1", "Ready,SchedulingDisabled", "control-plane,edge,worker", "2d3h",
        "v1.32.4", "192.168.1.10", "<none>", "Fedora", "6.8.0", "<unknown>");
    JsonNode bare = json("{\"metadata\":{\"name\":\"n2\"}}");
    assertThat(c.cells(bare).subList(1, 3)).containsExactly("Unknown", "<none>");
  }

  @Test
  void resourceQuota() {
    JsonNode q = json("""
        {"metadata":{"name":"compute"},"status":{
          "hard":{"requests.cpu":"1","limits.memory":"2Gi","pods":"10","limits.cpu":"2"},
          "used":{"requests.cpu":"500m","pods":"3"}}}""");
    assertThat(CorePrinters.resourceQuotas(CLOCK).cells(q)).containsExactly("compute",
        "pods: 3/10, requests.cpu: 500m/1", "limits.cpu: 0/2, limits.memory: 0/2Gi", "<unknown>");
  }

  @Test
  void customResourceDefinitionsPrintCreatedAt() {
    JsonNode crd = json("{\"metadata\":{\"name\":\"crontabs.stable.example.com\",\"creationTimestamp\":\"2024-05-06T07:08:09Z\"}}");
    TableConvertor c = CorePrinters.createdAt(CLOCK);
    assertThat(c.columns()).extracting(Column::name).containsExactly("Name", "Created At");
    assertThat(c.cells(crd)).containsExactly("crontabs.stable.example.com", "2024-05-06T07:08:09Z");
  }

  @Test
  void persistentVolumeClaimAndVolume() {
    JsonNode pvc = json("""
        {"metadata":{"name":"data"},"spec":{"volumeName":"pv-1","storageClassName":"standard"},
         "status":{"phase":"Bound","accessModes":["ReadWriteMany","ReadWriteOnce"],"capacity":{"storage":"1Gi"}}}""");
    assertThat(StoragePrinters.persistentVolumeClaims(CLOCK).cells(pvc)).containsExactly("data", "Bound", "pv-1",
        "1Gi", "RWO,RWX", "standard", "<unset>", "<unknown>", "<unset>");
    JsonNode pending = json("{\"metadata\":{\"name\":\"p\"},\"spec\":{},\"status\":{\"phase\":\"Pending\"}}");
    assertThat(StoragePrinters.persistentVolumeClaims(CLOCK).cells(pending).subList(1, 6))
        .containsExactly("Pending", "", "", "", "");
    JsonNode pv = json("""
        {"metadata":{"name":"pv-1"},"spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],
          "persistentVolumeReclaimPolicy":"Retain","claimRef":{"namespace":"default","name":"data"},
          "volumeMode":"Filesystem"},"status":{"phase":"Bound"}}""");
    assertThat(StoragePrinters.persistentVolumes(CLOCK).cells(pv)).containsExactly("pv-1", "1Gi", "RWO", "Retain",
        "Bound", "default/data", "", "<unset>", "", "<unknown>", "Filesystem");
  }

  @Test
  void leaseAndPriorityClass() {
    JsonNode lease = json("{\"metadata\":{\"name\":\"kube-scheduler\"},\"spec\":{\"holderIdentity\":\"sched-1\"}}");
    assertThat(ClusterPrinters.leases(CLOCK).cells(lease)).containsExactly("kube-scheduler", "sched-1", "<unknown>");
    JsonNode pc = json("{\"metadata\":{\"name\":\"high\"},\"value\":1000000,\"preemptionPolicy\":\"PreemptLowerPriority\"}");
    assertThat(ClusterPrinters.priorityClasses(CLOCK).cells(pc))
        .containsExactly("high", 1000000L, false, "<unknown>", "PreemptLowerPriority");
  }
}
