package io.capstan.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class KubeProtoSchemaTest {

  private final KubeProtoSchema schema = KubeProtoSchema.get();
  private final Map<String, String> table = ProtobufBodies.supportedKinds();

  @Test
  void kindTableCoversTheGroupsKubectlAndControllersWrite() {
    assertThat(table).containsKeys(
        "v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/Service", "v1/Pod", "v1/ServiceAccount",
        "v1/Endpoints", "v1/Event", "v1/Node", "v1/PersistentVolume", "v1/PersistentVolumeClaim",
        "v1/ReplicationController", "v1/ResourceQuota", "v1/LimitRange", "v1/PodTemplate", "v1/Binding",
        "v1/ComponentStatus",
        "apps/v1/Deployment", "apps/v1/ReplicaSet", "apps/v1/StatefulSet", "apps/v1/DaemonSet",
        "apps/v1/ControllerRevision",
        "batch/v1/Job", "batch/v1/CronJob",
        "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding",
        "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
        "authorization.k8s.io/v1/SelfSubjectAccessReview", "authorization.k8s.io/v1/SelfSubjectRulesReview",
        "authorization.k8s.io/v1/SubjectAccessReview", "authorization.k8s.io/v1/LocalSubjectAccessReview",
        "authentication.k8s.io/v1/SelfSubjectReview", "authentication.k8s.io/v1/TokenReview",
        "authentication.k8s.io/v1/TokenRequest",
        "coordination.k8s.io/v1/Lease",
        "discovery.k8s.io/v1/EndpointSlice",
        "policy/v1/PodDisruptionBudget", "policy/v1/Eviction",
        "scheduling.k8s.io/v1/PriorityClass",
        "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/IngressClass", "networking.k8s.io/v1/NetworkPolicy",
        "certificates.k8s.io/v1/CertificateSigningRequest",
        "autoscaling/v1/Scale", "autoscaling/v1/HorizontalPodAutoscaler", "autoscaling/v2/HorizontalPodAutoscaler",
        "storage.k8s.io/v1/StorageClass", "storage.k8s.io/v1/CSIDriver", "storage.k8s.io/v1/CSINode",
        "storage.k8s.io/v1/VolumeAttachment", "storage.k8s.io/v1/CSIStorageCapacity",
        "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding",
        "events.k8s.io/v1/Event", "node.k8s.io/v1/RuntimeClass",
        "flowcontrol.apiserver.k8s.io/v1/FlowSchema", "flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration");
    assertThat(table.get("apps/v1/Deployment")).isEqualTo("k8s.io.api.apps.v1.Deployment");
    assertThat(table.get("v1/Namespace")).isEqualTo("k8s.io.api.core.v1.Namespace");
    assertThat(table.get("autoscaling/v1/Scale")).isEqualTo("k8s.io.api.autoscaling.v1.Scale");
    // lists and templates are not request bodies
    assertThat(table).doesNotContainKeys("v1/PodList", "apps/v1/DeploymentList", "v1/PodTemplateSpec",
        "batch/v1/JobTemplateSpec");
  }

  /** Reflection over the library: every message with ObjectMeta metadata is a kind or a template. */
  @Test
  void everyObjectOfTheLibraryIsInTheTable() {
    Set<String> missing = new TreeSet<>();
    for (FileDescriptor fd : KubeProtoSchema.libraryFiles()) {
      if (!fd.getPackage().startsWith("k8s.io.api.")) {
        continue;
      }
      for (Descriptor d : fd.getMessageTypes()) {
        FieldDescriptor meta = d.findFieldByName("metadata");
        if (meta == null || meta.getJavaType() != FieldDescriptor.JavaType.MESSAGE
            || !meta.getMessageType().getName().equals("ObjectMeta")) {
          continue;
        }
        String key = KubeProtoSchema.apiVersion(fd.getPackage()) + "/" + d.getName();
        if (!table.containsKey(key)) {
          missing.add(key);
        }
      }
    }
    assertThat(missing).containsExactlyInAnyOrder("v1/PodTemplateSpec", "v1/PersistentVolumeClaimTemplate",
        "batch/v1/JobTemplateSpec");
  }

  @Test
  void theSchemaIsPatchedToKubernetes132() {
    Descriptor psc = schema.message("k8s.io.api.core.v1.PodSecurityContext");
    assertThat(psc.findFieldByNumber(12).getName()).isEqualTo("supplementalGroupsPolicy");
    assertThat(psc.findFieldByNumber(13).getName()).isEqualTo("seLinuxChangePolicy");
    assertThat(schema.message("k8s.io.api.core.v1.VolumeSource").findFieldByName("image").getMessageType()
        .getFullName()).isEqualTo("k8s.io.api.core.v1.ImageVolumeSource");
    Descriptor claim = schema.message("k8s.io.api.core.v1.PodResourceClaim");
    assertThat(claim.findFieldByName("source")).isNull();
    assertThat(claim.findFieldByNumber(3).getName()).isEqualTo("resourceClaimName");
    Descriptor endpoint = schema.message("k8s.io.api.discovery.v1.Endpoint");
    assertThat(endpoint.findFieldByName("deprecatedTopology").isMapField()).isTrue();
    assertThat(endpoint.findFieldByName("targetRef").getMessageType().getFullName())
        .isEqualTo("k8s.io.api.core.v1.ObjectReference");
    assertThat(schema.message("k8s.io.api.authorization.v1.ResourceAttributes").findFieldByName("fieldSelector"))
        .isNotNull();
    assertThat(schema.message("k8s.io.api.autoscaling.v2.MetricTarget").findFieldByName("averageUtilization"))
        .isNotNull();
    assertThat(table).hasSize(70);
  }

  /** The Go table must name real messages and fields, or it silently stops applying. */
  @Test
  void goFieldTableMatchesTheSchema() {
    List<String> stale = new ArrayList<>();
    for (String line : KubeSchemaData.GO_FIELDS.strip().split("\n")) {
      String[] p = line.strip().split(" ");
      Descriptor d = schema.message("k8s.io." + p[0]);
      if (d == null) {
        stale.add(p[0]);
        continue;
      }
      for (int i = 1; i < p.length; i++) {
        String field = p[i].substring(0, p[i].indexOf(':'));
        if (d.findFieldByName(field) == null) {
          stale.add(p[0] + "." + field);
        }
      }
    }
    assertThat(stale).isEmpty();
    for (String line : KubeSchemaData.KINDS.strip().split("\n")) {
      assertThat(schema.message("k8s.io." + line.strip())).as(line).isNotNull();
    }
    FieldDescriptor replicas = schema.message("k8s.io.api.apps.v1.DeploymentSpec").findFieldByName("replicas");
    assertThat(schema.go(replicas).pointer()).isTrue();
    FieldDescriptor handler = schema.message("k8s.io.api.core.v1.Probe").findFieldByName("handler");
    assertThat(schema.go(handler).inline()).isTrue();
    FieldDescriptor uid = schema.message("k8s.io.api.authentication.v1.BoundObjectReference").findFieldByName("uID");
    assertThat(schema.go(uid).jsonName()).isEqualTo("uid");
  }

  /**
   * Every kind, with every field set (nested to a few levels), decodes without error: no special
   * type is mishandled anywhere in the schema.
   */
  @Test
  void everyKindDecodesWithAllFieldsSet() {
    for (Map.Entry<String, String> e : table.entrySet()) {
      Descriptor d = schema.message(e.getValue());
      Message m = populate(d, 0);
      String key = e.getKey();
      String apiVersion = key.substring(0, key.lastIndexOf('/'));
      String kind = key.substring(key.lastIndexOf('/') + 1);
      byte[] body = ProtobufBodiesTest.wrap(apiVersion, kind, m);
      assertThatCode(() -> {
        ObjectNode out = ProtobufBodies.decode(body);
        assertThat(out.get("kind").stringValue()).isEqualTo(kind);
        assertThat(out.size()).as(key).isGreaterThan(2);
        assertNoProtobufOnlyNames(out, key);
      }).as(key).doesNotThrowAnyException();
      // and every kind decodes from an empty raw, too
      assertThatCode(() -> ProtobufBodies.decode(ProtobufBodiesTest.wrap(apiVersion, kind, ByteString.EMPTY, "")))
          .as(key).doesNotThrowAnyException();
    }
  }

  private static void assertNoProtobufOnlyNames(JsonNode node, String where) {
    if (node.isObject()) {
      for (String name : node.propertyNames()) {
        // inline fields (volumeSource, Probe.handler, localObjectReference…) never show up in JSON
        // (RuntimeClass has a real "handler", so that one is checked on probes only)
        if (name.equals("livenessProbe")) {
          assertThat(node.get(name).has("handler")).as(where).isFalse();
        }
        assertThat(name).as(where).isNotIn("volumeSource", "persistentVolumeSource",
            "localObjectReference", "ephemeralContainerCommon", "uID", "aPIGroup", "Raw");
        assertNoProtobufOnlyNames(node.get(name), where + "." + name);
      }
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        assertNoProtobufOnlyNames(n, where);
      }
    }
  }

  private Message populate(Descriptor d, int depth) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
    switch (d.getFullName()) {
      case KubeProtoSchema.META + "Time", KubeProtoSchema.META + "MicroTime" -> {
        return b.setField(d.findFieldByName("seconds"), 1_700_000_000L)
            .setField(d.findFieldByName("nanos"), 1000).build();
      }
      case KubeProtoSchema.META + "FieldsV1" -> {
        return b.setField(d.findFieldByName("Raw"), ByteString.copyFromUtf8("{\"f:a\":{}}")).build();
      }
      case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> {
        return b.setField(d.findFieldByName("raw"), ByteString.copyFromUtf8("{\"a\":1}")).build();
      }
      default -> { }
    }
    for (FieldDescriptor f : d.getFields()) {
      Object v;
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (depth > 5 && !f.isMapField()) {
          continue;
        }
        v = populate(f.getMessageType(), depth + 1);
      } else {
        v = switch (f.getJavaType()) {
          case INT -> 7;
          case LONG -> 7L;
          case BOOLEAN -> true;
          case STRING -> "s";
          case BYTE_STRING -> ByteString.copyFromUtf8("b");
          case FLOAT -> 1.5f;
          case DOUBLE -> 1.5d;
          default -> null;
        };
        if (v == null) {
          continue;
        }
      }
      if (f.isRepeated()) {
        b.addRepeatedField(f, v);
      } else {
        b.setField(f, v);
      }
    }
    return b.build();
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0s",
      "999, 999ns",
      "1500, 1.5µs",
      "1500000, 1.5ms",
      "1000000000, 1s",
      "1500000000, 1.5s",
      "90000000000, 1m30s",
      "3723000000000, 1h2m3s",
      "5400000000000, 1h30m0s",
      "-1500000000, -1.5s",
      "9223372036854775807, 2562047h47m16.854775807s",
      "-9223372036854775808, -2562047h47m16.854775808s"})
  void goDurationStrings(long nanos, String expected) {
    assertThat(ProtoJson.goDuration(nanos)).isEqualTo(expected);
  }

}
