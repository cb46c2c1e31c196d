package io.capstan.apiserver.admission.noderestriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.apply.WriteScope;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.RequestUser;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.apiserver.web.WriteContext;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.node.ObjectNode;

class NodeRestrictionTest {
  private static final ResourceCatalog CATALOG = new ResourceCatalog();
  private static final ResourceType PODS = CATALOG.find("", "v1", "pods").orElseThrow().type();
  private static final ResourceType NODES = CATALOG.find("", "v1", "nodes").orElseThrow().type();
  private static final ResourceType LEASES = CATALOG.find("coordination.k8s.io", "v1", "leases").orElseThrow().type();
  private static final ResourceType EVENTS = CATALOG.find("", "v1", "events").orElseThrow().type();
  private static final String NODE_UID = "0b5f6c1e-node-a";

  private final NodeRestriction admission = new NodeRestriction(
      name -> name.equals("a") ? Optional.of(json("{'metadata':{'name':'a','uid':'" + NODE_UID + "'}}")) : Optional.empty());
  private RequestUser.Scope user;
  private WriteContext.Binding write;

  @BeforeEach
  void actAsNodeA() {
    user = RequestUser.bind(new UserInfo("system:node:a", "", List.of("system:nodes", "system:authenticated"), Map.of()));
    write = new WriteContext("kubelet", false, WriteScope.MAIN).bind();
  }

  @AfterEach
  void unbind() {
    write.close();
    user.close();
  }

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.MAPPER.readTree(s.replace('\'', '"'));
  }

  private static ObjectNode pod(String name, String node) {
    return json("{'metadata':{'name':'" + name + "','namespace':'ns'},'spec':{'nodeName':'" + node + "',"
        + "'containers':[{'name':'c','image':'i'}]}}");
  }

  private static ObjectNode mirrorPod(String owner) {
    ObjectNode p = pod("static-web-a", "a");
    ObjectNode meta = (ObjectNode) p.get("metadata");
    meta.putObject("annotations").put(NodeRestriction.MIRROR_ANNOTATION, "hash");
    meta.set("ownerReferences", Json.MAPPER.readTree(("[{'apiVersion':'v1','kind':'Node','name':'a','uid':'" + owner
        + "','controller':true}]").replace('\'', '"')));
    return p;
  }

  private static void refused(Executable call, String message) {
    assertThatThrownBy(call::execute).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(403);
      assertThat(e.reason()).isEqualTo("Forbidden");
    }).hasMessage(message);
  }

  @Test
  void aNodeCreatesOnlyMirrorPodsOwnedByAndBoundToItself() {
    refused(() -> admission.beforeCreate(PODS, pod("web", "a"), false),
        "pods \"web\" is forbidden: pod does not have \"kubernetes.io/config.mirror\" annotation, node \"a\" can only create mirror pods");
    ObjectNode elsewhere = mirrorPod(NODE_UID);
    elsewhere.withObjectProperty("spec").put("nodeName", "b");
    refused(() -> admission.beforeCreate(PODS, elsewhere, false),
        "pods \"static-web-a\" is forbidden: node \"a\" can only create pods with spec.nodeName set to itself");
    refused(() -> admission.beforeCreate(PODS, mirrorPod("stale-uid"), false),
        "pods \"static-web-a\" is forbidden: node a UID mismatch: expected stale-uid got " + NODE_UID);
    ObjectNode withSecret = mirrorPod(NODE_UID);
    withSecret.withObjectProperty("spec").putArray("volumes").addObject().put("name", "s").putObject("secret").put("secretName", "db");
    refused(() -> admission.beforeCreate(PODS, withSecret, false),
        "pods \"static-web-a\" is forbidden: node \"a\" can not create pods that reference secrets");
    assertThatCode(() -> admission.beforeCreate(PODS, mirrorPod(NODE_UID), false)).doesNotThrowAnyException();
  }

  @Test
  void aNodeChangesPodsOnlyThroughStatusAndOnlyThoseBoundToIt() {
    refused(() -> admission.beforeUpdate(PODS, pod("web", "a"), pod("web", "a")),
        "pods \"web\" is forbidden: unexpected operation \"UPDATE\", node \"a\" can only create and delete mirror pods");
    try (WriteContext.Binding status = new WriteContext("kubelet", false, WriteScope.subresource("status", "spec")).bind()) {
      refused(() -> admission.beforeUpdate(PODS, pod("web", "b"), pod("web", "b")),
          "pods \"web\" is forbidden: node \"a\" can only update pod status for pods with spec.nodeName set to itself");
      ObjectNode relabelled = pod("web", "a");
      relabelled.withObjectProperty("metadata").putObject("labels").put("tier", "gold");
      refused(() -> admission.beforeUpdate(PODS, relabelled, pod("web", "a")),
          "pods \"web\" is forbidden: node \"a\" cannot update labels through pod status");
      assertThatCode(() -> admission.beforeUpdate(PODS, pod("web", "a"), pod("web", "a"))).doesNotThrowAnyException();
    }
  }

  @Test
  void aNodeDeletesAndEvictsOnlyPodsBoundToIt() {
    refused(() -> admission.beforeDelete(PODS, pod("web", "b")),
        "pods \"web\" is forbidden: node \"a\" can only delete pods with spec.nodeName set to itself");
    refused(() -> admission.admitEviction(PODS, pod("web", "b")),
        "pods \"web\" is forbidden: node a can only evict pods with spec.nodeName set to itself");
    assertThatCode(() -> admission.beforeDelete(PODS, pod("web", "a"))).doesNotThrowAnyException();
    assertThatCode(() -> admission.admitEviction(PODS, pod("web", "a"))).doesNotThrowAnyException();
  }

  @Test
  void aNodeRegistersOnlyItselfWithKubeletLabels() {
    refused(() -> admission.beforeCreate(NODES, json("{'metadata':{'name':'b'}}"), false),
        "nodes \"b\" is forbidden: node \"a\" is not allowed to modify node \"b\"");
    refused(() -> admission.beforeCreate(NODES, json("{'metadata':{'name':'a','labels':{"
            + "'node-restriction.kubernetes.io/pci':'true','kubernetes.io/hostname':'a','node-role.kubernetes.io/master':''}}}"), false),
        "nodes \"a\" is forbidden: node \"a\" is not allowed to set the following labels: "
            + "node-restriction.kubernetes.io/pci, node-role.kubernetes.io/master");
    assertThatCode(() -> admission.beforeCreate(NODES, json("{'metadata':{'name':'a','labels':{'kubernetes.io/hostname':'a',"
        + "'topology.kubernetes.io/zone':'z1','node.kubernetes.io/exclude-from-external-load-balancers':'','team':'x'}}}"), false))
        .doesNotThrowAnyException();
  }

  @Test
  void aNodeMayNotChangeItsTaintsNorRestrictedLabelsNorAnotherNode() {
    ObjectNode old = json("{'metadata':{'name':'a','labels':{'x.node-restriction.kubernetes.io/tier':'gold'}},"
        + "'spec':{'taints':[{'key':'k','effect':'NoSchedule'}]}}");
    ObjectNode untainted = old.deepCopy();
    untainted.withObjectProperty("spec").remove("taints");
    refused(() -> admission.beforeUpdate(NODES, untainted, old), "nodes \"a\" is forbidden: node \"a\" is not allowed to modify taints");
    ObjectNode promoted = old.deepCopy();
    promoted.withObjectProperty("metadata").withObjectProperty("labels").remove("x.node-restriction.kubernetes.io/tier");
    refused(() -> admission.beforeUpdate(NODES, promoted, old),
        "nodes \"a\" is forbidden: is not allowed to modify labels: x.node-restriction.kubernetes.io/tier");
    ObjectNode status = old.deepCopy();
    status.putObject("status").put("phase", "Running");
    assertThatCode(() -> admission.beforeUpdate(NODES, status, old)).doesNotThrowAnyException();
    refused(() -> admission.beforeDelete(NODES, json("{'metadata':{'name':'b'}}")),
        "nodes \"b\" is forbidden: node \"a\" is not allowed to modify node \"b\"");
  }

  @Test
  void aNodeUsesOnlyItsOwnLeaseInKubeNodeLease() {
    refused(() -> admission.beforeCreate(LEASES, json("{'metadata':{'name':'a','namespace':'default'}}"), false),
        "leases \"a\" is forbidden: can only access leases in the \"kube-node-lease\" system namespace");
    refused(() -> admission.beforeCreate(LEASES, json("{'metadata':{'name':'b','namespace':'kube-node-lease'}}"), false),
        "leases \"b\" is forbidden: can only access node lease with the same name as the requesting node");
    ObjectNode own = json("{'metadata':{'name':'a','namespace':'kube-node-lease'}}");
    assertThatCode(() -> admission.beforeCreate(LEASES, own, false)).doesNotThrowAnyException();
    assertThatCode(() -> admission.beforeUpdate(LEASES, own, own)).doesNotThrowAnyException();
  }

  @Test
  void eventsAndOtherUsersPassUntouched() {
    assertThatCode(() -> admission.beforeCreate(EVENTS, json("{'metadata':{'name':'e','namespace':'ns'}}"), false))
        .doesNotThrowAnyException();
    try (RequestUser.Scope admin = RequestUser.bind(new UserInfo("admin", "", List.of("system:masters"), Map.of()))) {
      assertThatCode(() -> admission.beforeCreate(PODS, pod("web", "b"), false)).doesNotThrowAnyException();
      assertThatCode(() -> admission.beforeDelete(NODES, json("{'metadata':{'name':'b'}}"))).doesNotThrowAnyException();
    }
  }
}
