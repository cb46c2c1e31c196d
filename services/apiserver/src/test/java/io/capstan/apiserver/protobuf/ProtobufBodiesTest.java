package io.capstan.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Batch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bodies built with client-java-proto the way Go (kubectl) writes them: every non-pointer field is
 * on the wire, empty or not, so the decoder must tell empties from meaningful zeros.
 */
class ProtobufBodiesTest {

  // ------------------------------------------------------------------ helpers

  /** magic + runtime.Unknown{typeMeta, raw, contentEncoding:"", contentType:""}, as kubectl sends it. */
  static byte[] wrap(String apiVersion, String kind, Message object) {
    return wrap(apiVersion, kind, object.toByteString(), "");
  }

  static byte[] wrap(String apiVersion, String kind, ByteString raw, String contentType) {
    Runtime.Unknown u = Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(raw).setContentEncoding("").setContentType(contentType).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x6b, 0x38, 0x73, 0x00});
    out.writeBytes(u.toByteArray());
    return out.toByteArray();
  }

  static JsonNode json(String s) {
    return Json.MAPPER.readTree(s);
  }

  /** ObjectMeta as Go writes it for a new object: all non-pointer fields, empty. */
  static ObjectMeta.Builder goMeta(String name) {
    return ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("").setSelfLink("")
        .setUid("").setResourceVersion("").setGeneration(0)
        .setCreationTimestamp(Meta.Time.newBuilder()) // Go's zero time: an empty message
        .setDeletionGracePeriodSeconds(30); // a pointer: only written when set
  }

  static Quantity q(String s) {
    return Quantity.newBuilder().setString(s).build();
  }

  static IntOrString port(int p) {
    return IntOrString.newBuilder().setType(0).setIntVal(p).setStrVal("").build();
  }

  static IntOrString port(String name) {
    return IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal(name).build();
  }

  // ------------------------------------------------------------------ kinds

  @Test
  void namespaceWithName() {
    V1.Namespace ns = V1.Namespace.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("team-a").setGenerateName("").setNamespace("")
            .setCreationTimestamp(Meta.Time.newBuilder()))
        .setSpec(V1.NamespaceSpec.newBuilder())
        .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
        .build();

    ObjectNode out = ProtobufBodies.decode(wrap("v1", "Namespace", ns));

    assertThat(out).isEqualTo(json("""
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}"""));
    assertThat(out.propertyNames()).containsExactly("apiVersion", "kind", "metadata");
    assertThat(out.get("metadata").has("generateName")).isFalse();
    assertThat(out.get("metadata").has("creationTimestamp")).isFalse();
  }

  /** The shape of {@code kubectl create deployment web --image=busybox --replicas=2}, plus resources. */
  @Test
  void deploymentLikeKubectlCreateDeployment() {
    V1.Container container = V1.Container.newBuilder().setName("busybox").setImage("busybox")
        .setWorkingDir("").setTerminationMessagePath("").setImagePullPolicy("")
        .setStdin(false).setTty(false)
        .addPorts(V1.ContainerPort.newBuilder().setName("").setHostPort(0).setContainerPort(8080)
            .setProtocol("TCP").setHostIP(""))
        .setResources(V1.ResourceRequirements.newBuilder()
            .putLimits("cpu", q("500m")).putLimits("memory", q("128Mi"))
            .putRequests("cpu", q("250m")))
        .build();
    V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
        .setMetadata(goMeta("web").clearDeletionGracePeriodSeconds().putLabels("app", "web"))
        .setSpec(V1Apps.DeploymentSpec.newBuilder()
            .setReplicas(2)
            .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
            .setTemplate(V1.PodTemplateSpec.newBuilder()
                .setMetadata(goMeta("").clearDeletionGracePeriodSeconds().putLabels("app", "web"))
                .setSpec(V1.PodSpec.newBuilder().addContainers(container).setRestartPolicy("")
                    .setDnsPolicy("").setServiceAccountName("").setHostNetwork(false)
                    .setSchedulerName("")))
            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType(""))
            .setMinReadySeconds(0)
            .setPaused(false))
        .setStatus(V1Apps.DeploymentStatus.newBuilder().setReplicas(0).setObservedGeneration(0))
        .build();

    ObjectNode out = ProtobufBodies.decode(wrap("apps/v1", "Deployment", d));

    assertThat(out.get("apiVersion").stringValue()).isEqualTo("apps/v1");
    assertThat(out.get("kind").stringValue()).isEqualTo("Deployment");
    assertThat(out.get("metadata")).isEqualTo(json("{\"name\":\"web\",\"labels\":{\"app\":\"web\"}}"));
    JsonNode spec = out.get("spec");
    assertThat(spec.get("replicas").intValue()).isEqualTo(2);
    assertThat(spec.get("selector")).isEqualTo(json("{\"matchLabels\":{\"app\":\"web\"}}"));
    assertThat(spec.has("minReadySeconds")).isFalse();
    assertThat(spec.has("paused")).isFalse();
    assertThat(spec.has("strategy")).isFalse();
    JsonNode template = spec.get("template");
    assertThat(template.get("metadata")).isEqualTo(json("{\"labels\":{\"app\":\"web\"}}"));
    JsonNode c = template.get("spec").get("containers").get(0);
    assertThat(c.get("name").stringValue()).isEqualTo("busybox");
    assertThat(c.get("image").stringValue()).isEqualTo("busybox");
    assertThat(c.get("ports")).isEqualTo(json("[{\"containerPort\":8080,\"protocol\":\"TCP\"}]"));
    assertThat(c.get("resources")).isEqualTo(json(
        "{\"limits\":{\"cpu\":\"500m\",\"memory\":\"128Mi\"},\"requests\":{\"cpu\":\"250m\"}}"));
    assertThat(c.has("terminationMessagePath")).isFalse();
    assertThat(c.has("stdin")).isFalse();
    assertThat(template.get("spec").has("hostNetwork")).isFalse();
    assertThat(template.get("spec").has("restartPolicy")).isFalse();
    assertThat(out.has("status")).isFalse();
    assertThat(out).isEqualTo(json("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"busybox","image":"busybox",
               "ports":[{"containerPort":8080,"protocol":"TCP"}],
               "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}}}]}}}}"""));
  }

  @Test
  void pointerZerosSurviveAndPlainZerosAreDropped() {
    V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
        .setMetadata(goMeta("zero"))
        .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setRevisionHistoryLimit(0)
            .setMinReadySeconds(0)
            .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder()
                .setTerminationGracePeriodSeconds(0).setAutomountServiceAccountToken(false)
                .setHostPID(false).setPriorityClassName(""))))
        .build();

    JsonNode out = ProtobufBodies.decode(wrap("apps/v1", "Deployment", d));

    assertThat(out.at("/spec/replicas").isInt()).isTrue();
    assertThat(out.at("/spec/replicas").intValue()).isZero();
    assertThat(out.at("/spec/revisionHistoryLimit").intValue()).isZero();
    assertThat(out.at("/spec").has("minReadySeconds")).isFalse();
    assertThat(out.at("/metadata/deletionGracePeriodSeconds").longValue()).isEqualTo(30);
    assertThat(out.at("/spec/template")).isEqualTo(json(
        "{\"spec\":{\"terminationGracePeriodSeconds\":0,\"automountServiceAccountToken\":false}}"));
  }

  @Test
  void serviceTargetPortIntOrString() {
    V1.Service svc = V1.Service.newBuilder()
        .setMetadata(goMeta("web").clearDeletionGracePeriodSeconds())
        .setSpec(V1.ServiceSpec.newBuilder()
            .addPorts(V1.ServicePort.newBuilder().setName("http").setProtocol("TCP").setPort(80)
                .setTargetPort(port(8080)).setNodePort(0))
            .addPorts(V1.ServicePort.newBuilder().setName("https").setProtocol("TCP").setPort(443)
                .setTargetPort(port("https")).setAppProtocol(""))
            // Go writes the zero IntOrString of an unset targetPort: left out, the server defaults it
            .addPorts(V1.ServicePort.newBuilder().setName("dns").setProtocol("UDP").setPort(53)
                .setTargetPort(port(0)))
            .putSelector("app", "web").setClusterIP("").setType("ClusterIP")
            .setSessionAffinity("").setExternalName(""))
        .build();

    JsonNode out = ProtobufBodies.decode(wrap("v1", "Service", svc));

    assertThat(out.at("/spec/ports")).isEqualTo(json("""
        [{"name":"http","protocol":"TCP","port":80,"targetPort":8080},
         {"name":"https","protocol":"TCP","port":443,"targetPort":"https","appProtocol":""},
         {"name":"dns","protocol":"UDP","port":53}]"""));
    assertThat(out.at("/spec/ports/0/targetPort").isInt()).isTrue();
    assertThat(out.at("/spec/ports/1/targetPort").isString()).isTrue();
    assertThat(out.at("/spec/selector")).isEqualTo(json("{\"app\":\"web\"}"));
    assertThat(out.at("/spec/type").stringValue()).isEqualTo("ClusterIP");
    assertThat(out.at("/spec").has("clusterIP")).isFalse();
  }

  @Test
  void secretBytesAreBase64() {
    byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
    V1.Secret s = V1.Secret.newBuilder()
        .setMetadata(goMeta("db-pass").clearDeletionGracePeriodSeconds())
        .putData("password", ByteString.copyFrom("s3cr3t!", StandardCharsets.UTF_8))
        .putData("binary", ByteString.copyFrom(binary))
        .putData("empty", ByteString.EMPTY)
        .putStringData("note", "plain")
        .setType("Opaque")
        .setImmutable(false) // a pointer: false is meaningful
        .build();

    JsonNode out = ProtobufBodies.decode(wrap("v1", "Secret", s));

    assertThat(out.at("/data/password").stringValue()).isEqualTo("czNjcjN0IQ==");
    assertThat(out.at("/data/binary").stringValue()).isEqualTo("AAEC//4=");
    assertThat(out.at("/data/empty").stringValue()).isEmpty();
    assertThat(out.at("/stringData/note").stringValue()).isEqualTo("plain");
    assertThat(out.at("/type").stringValue()).isEqualTo("Opaque");
    assertThat(out.at("/immutable").isBoolean()).isTrue();
    assertThat(out.at("/immutable").booleanValue()).isFalse();
  }

  @Test
  void configMapKeepsEmptyValuesAndBinaryData() {
    V1.ConfigMap cm = V1.ConfigMap.newBuilder().setMetadata(goMeta("cfg").clearDeletionGracePeriodSeconds())
        .putData("mode", "prod").putData("empty", "")
        .putBinaryData("bin", ByteString.copyFrom(new byte[] {1, 2, 3}))
        .build();

    assertThat(ProtobufBodies.decode(wrap("v1", "ConfigMap", cm))).isEqualTo(json("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},
         "data":{"mode":"prod","empty":""},"binaryData":{"bin":"AQID"}}"""));
  }

  @Test
  void job() {
    V1Batch.Job job = V1Batch.Job.newBuilder()
        .setMetadata(goMeta("hello").clearDeletionGracePeriodSeconds())
        .setSpec(V1Batch.JobSpec.newBuilder().setBackoffLimit(0).setCompletions(3)
            .setTemplate(V1.PodTemplateSpec.newBuilder().setMetadata(goMeta("").clearDeletionGracePeriodSeconds())
                .setSpec(V1.PodSpec.newBuilder().setRestartPolicy("Never")
                    .addContainers(V1.Container.newBuilder().setName("hello").setImage("busybox")
                        .addCommand("echo").addCommand("").addArgs("hi")))))
        .setStatus(V1Batch.JobStatus.newBuilder().setActive(0).setSucceeded(0).setFailed(0))
        .build();

    assertThat(ProtobufBodies.decode(wrap("batch/v1", "Job", job))).isEqualTo(json("""
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"hello"},
         "spec":{"completions":3,"backoffLimit":0,
           "template":{"spec":{"containers":[{"name":"hello","image":"busybox","command":["echo",""],"args":["hi"]}],
             "restartPolicy":"Never"}}}}"""));
  }

  @Test
  void selfSubjectAccessReview() {
    V1Authorization.SelfSubjectAccessReview r = V1Authorization.SelfSubjectAccessReview.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("").setCreationTimestamp(Meta.Time.newBuilder()))
        .setSpec(V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
            .setResourceAttributes(V1Authorization.ResourceAttributes.newBuilder().setNamespace("team-a")
                .setVerb("create").setGroup("apps").setVersion("").setResource("deployments")
                .setSubresource("").setName("")))
        .setStatus(V1Authorization.SubjectAccessReviewStatus.newBuilder().setAllowed(false)
            .setDenied(false).setReason("").setEvaluationError(""))
        .build();

    // status.allowed has no omitempty in Go, so Go's JSON has it too
    assertThat(ProtobufBodies.decode(wrap("authorization.k8s.io/v1", "SelfSubjectAccessReview", r)))
        .isEqualTo(json("""
            {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
             "spec":{"resourceAttributes":{"namespace":"team-a","verb":"create","group":"apps","resource":"deployments"}},
             "status":{"allowed":false}}"""));
  }

  @Test
  void selfSubjectReviewAndTokenRequestWithRenamedField() {
    V1Authentication.SelfSubjectReview ssr = V1Authentication.SelfSubjectReview.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setCreationTimestamp(Meta.Time.newBuilder()))
        .setStatus(V1Authentication.SelfSubjectReviewStatus.newBuilder()
            .setUserInfo(V1Authentication.UserInfo.newBuilder().setUsername("").setUid("")))
        .build();
    assertThat(ProtobufBodies.decode(wrap("authentication.k8s.io/v1", "SelfSubjectReview", ssr)))
        .isEqualTo(json("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"));

    // BoundObjectReference.uID in protobuf is "uid" in JSON
    V1Authentication.TokenRequest tr = V1Authentication.TokenRequest.newBuilder()
        .setSpec(V1Authentication.TokenRequestSpec.newBuilder().addAudiences("api").setExpirationSeconds(3600)
            .setBoundObjectRef(V1Authentication.BoundObjectReference.newBuilder().setKind("Pod")
                .setApiVersion("v1").setName("p1").setUID("1234")))
        .build();
    assertThat(ProtobufBodies.decode(wrap("authentication.k8s.io/v1", "TokenRequest", tr)).get("spec"))
        .isEqualTo(json("""
            {"audiences":["api"],"expirationSeconds":3600,
             "boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p1","uid":"1234"}}"""));
  }

  @Test
  void subjectAccessReviewExtraValuesAreArrays() {
    V1Authorization.SubjectAccessReview r = V1Authorization.SubjectAccessReview.newBuilder()
        .setSpec(V1Authorization.SubjectAccessReviewSpec.newBuilder().setUser("alice").addGroups("devs")
            .putExtra("scopes", V1Authorization.ExtraValue.newBuilder().addItems("a").addItems("b").build())
            .setNonResourceAttributes(V1Authorization.NonResourceAttributes.newBuilder().setPath("/healthz")
                .setVerb("get")))
        .build();
    assertThat(ProtobufBodies.decode(wrap("authorization.k8s.io/v1", "SubjectAccessReview", r)).get("spec"))
        .isEqualTo(json("""
            {"nonResourceAttributes":{"path":"/healthz","verb":"get"},"user":"alice","groups":["devs"],
             "extra":{"scopes":["a","b"]}}"""));
  }

  @Test
  void timesAreRfc3339AndZeroTimesAreDropped() {
    long t = Instant.parse("2026-11-25T18:00:00Z").getEpochSecond();
    V1.Event e = V1.Event.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("e1").setNamespace("default")
            .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(t).setNanos(0))
            .setDeletionTimestamp(Meta.Time.newBuilder().setSeconds(t + 61).setNanos(999_999_999))
            .addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl")
                .setOperation("Update").setApiVersion("v1").setFieldsType("FieldsV1")
                .setTime(Meta.Time.newBuilder().setSeconds(t).setNanos(0))
                .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8(
                    "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}}}")))))
        .setInvolvedObject(V1.ObjectReference.newBuilder().setKind("Pod").setName("p1"))
        .setReason("Started").setType("Normal")
        .setFirstTimestamp(Meta.Time.newBuilder()) // zero
        .setLastTimestamp(Meta.Time.newBuilder().setSeconds(0).setNanos(0)) // the Unix epoch, not zero
        .setEventTime(Meta.MicroTime.newBuilder().setSeconds(t).setNanos(123_456_789))
        .setCount(0)
        .build();

    JsonNode out = ProtobufBodies.decode(wrap("v1", "Event", e));

    assertThat(out.at("/metadata/creationTimestamp").stringValue()).isEqualTo("2026-11-25T18:00:00Z");
    assertThat(out.at("/metadata/deletionTimestamp").stringValue()).isEqualTo("2026-11-25T18:01:01Z");
    assertThat(out.at("/metadata/managedFields/0")).isEqualTo(json("""
        {"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2026-11-25T18:00:00Z",
         "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}"""));
    assertThat(out.has("firstTimestamp")).isFalse();
    assertThat(out.at("/lastTimestamp").stringValue()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(out.at("/eventTime").stringValue()).isEqualTo("2026-11-25T18:00:00.123456Z");
    assertThat(out.has("count")).isFalse();
  }

  @Test
  void inlineStructsAndEmptyPointerStructs() {
    V1.Pod pod = V1.Pod.newBuilder()
        .setMetadata(goMeta("p1").clearDeletionGracePeriodSeconds())
        .setSpec(V1.PodSpec.newBuilder()
            .addContainers(V1.Container.newBuilder().setName("c").setImage("nginx")
                .setLivenessProbe(V1.Probe.newBuilder()
                    .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                        .setPath("/healthz").setPort(port("http")).setHost("").setScheme("HTTP")))
                    .setInitialDelaySeconds(5).setTimeoutSeconds(0))
                .setReadinessProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                    .setTcpSocket(V1.TCPSocketAction.newBuilder().setPort(port(0)).setHost(""))))
                .addVolumeMounts(V1.VolumeMount.newBuilder().setName("scratch").setMountPath("/tmp")
                    .setReadOnly(false)))
            .addVolumes(V1.Volume.newBuilder().setName("scratch")
                .setVolumeSource(V1.VolumeSource.newBuilder().setEmptyDir(V1.EmptyDirVolumeSource.newBuilder()
                    .setMedium(""))))
            .addVolumes(V1.Volume.newBuilder().setName("cfg")
                .setVolumeSource(V1.VolumeSource.newBuilder().setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                    .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("app-config"))
                    .setDefaultMode(420))))
            .addVolumes(V1.Volume.newBuilder().setName("cache")
                .setVolumeSource(V1.VolumeSource.newBuilder().setEmptyDir(V1.EmptyDirVolumeSource.newBuilder()
                    .setMedium("Memory").setSizeLimit(q("64Mi")))))
            .setSecurityContext(V1.PodSecurityContext.newBuilder()))
        .build();

    JsonNode spec = ProtobufBodies.decode(wrap("v1", "Pod", pod)).get("spec");

    assertThat(spec.at("/containers/0/livenessProbe")).isEqualTo(json(
        "{\"httpGet\":{\"path\":\"/healthz\",\"port\":\"http\",\"scheme\":\"HTTP\"},\"initialDelaySeconds\":5}"));
    // HTTPGetAction/TCPSocketAction.port have no omitempty: a zero port is written like Go does
    assertThat(spec.at("/containers/0/readinessProbe")).isEqualTo(json("{\"tcpSocket\":{\"port\":0}}"));
    assertThat(spec.get("volumes")).isEqualTo(json("""
        [{"name":"scratch","emptyDir":{}},
         {"name":"cfg","configMap":{"name":"app-config","defaultMode":420}},
         {"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"64Mi"}}]"""));
    // a set pointer struct stays even when empty
    assertThat(spec.get("securityContext")).isEqualTo(json("{}"));
  }

  @Test
  void controllerRevisionRawExtensionIsEmbeddedJson() {
    V1Apps.ControllerRevision cr = V1Apps.ControllerRevision.newBuilder()
        .setMetadata(goMeta("web-1").clearDeletionGracePeriodSeconds())
        .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8(
            "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}}}}}")))
        .setRevision(1)
        .build();
    assertThat(ProtobufBodies.decode(wrap("apps/v1", "ControllerRevision", cr))).isEqualTo(json("""
        {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"web-1"},
         "data":{"spec":{"template":{"metadata":{"labels":{"a":"b"}}}}},"revision":1}"""));

    V1Apps.ControllerRevision bad = cr.toBuilder()
        .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{not json"))).build();
    assertThatThrownBy(() -> ProtobufBodies.decode(wrap("apps/v1", "ControllerRevision", bad)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  /** kubectl 1.32 may send fields newer than client-java-proto's classes; they must not be lost. */
  @Test
  void fieldsNewerThanClientJavaProtoAreKept() {
    V1.PodSecurityContext sc = V1.PodSecurityContext.newBuilder().setRunAsNonRoot(true)
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(12, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFromUtf8("Strict")).build())
            .addField(13, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFromUtf8("MountOption")).build())
            .build())
        .build();
    V1.PodResourceClaim claim = V1.PodResourceClaim.newBuilder().setName("gpu")
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(3, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFromUtf8("gpu-claim")).build())
            .build())
        .build();
    V1.Pod pod = V1.Pod.newBuilder().setMetadata(goMeta("p").clearDeletionGracePeriodSeconds())
        .setSpec(V1.PodSpec.newBuilder().setSecurityContext(sc).addResourceClaims(claim)).build();

    JsonNode spec = ProtobufBodies.decode(wrap("v1", "Pod", pod)).get("spec");

    assertThat(spec.get("securityContext")).isEqualTo(json(
        "{\"runAsNonRoot\":true,\"supplementalGroupsPolicy\":\"Strict\",\"seLinuxChangePolicy\":\"MountOption\"}"));
    assertThat(spec.get("resourceClaims")).isEqualTo(json("[{\"name\":\"gpu\",\"resourceClaimName\":\"gpu-claim\"}]"));
  }

  /** coordination.k8s.io is missing from client-java-proto; its schema comes from the patch. */
  @Test
  void leaseFromAGroupTheLibraryLacks() {
    KubeProtoSchema schema = KubeProtoSchema.get();
    var leaseType = schema.message("k8s.io.api.coordination.v1.Lease");
    var specType = schema.message("k8s.io.api.coordination.v1.LeaseSpec");
    var microType = schema.message(KubeProtoSchema.META + "MicroTime");
    long t = Instant.parse("2026-11-25T18:00:00Z").getEpochSecond();
    Message micro = DynamicMessage.newBuilder(microType)
        .setField(microType.findFieldByName("seconds"), t)
        .setField(microType.findFieldByName("nanos"), 5_000).build();
    Message spec = DynamicMessage.newBuilder(specType)
        .setField(specType.findFieldByName("holderIdentity"), "node-1")
        .setField(specType.findFieldByName("leaseDurationSeconds"), 0)
        .setField(specType.findFieldByName("renewTime"), micro)
        .setField(specType.findFieldByName("leaseTransitions"), 0)
        .build();
    Message lease = DynamicMessage.newBuilder(leaseType)
        .setField(leaseType.findFieldByName("metadata"), goMeta("node-1").setNamespace("kube-node-lease")
            .clearDeletionGracePeriodSeconds().build())
        .setField(leaseType.findFieldByName("spec"), spec).build();

    assertThat(ProtobufBodies.decode(wrap("coordination.k8s.io/v1", "Lease", lease))).isEqualTo(json("""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
         "metadata":{"name":"node-1","namespace":"kube-node-lease"},
         "spec":{"holderIdentity":"node-1","leaseDurationSeconds":0,
           "renewTime":"2026-11-25T18:00:00.000005Z","leaseTransitions":0}}"""));
  }

  @Test
  void deleteOptionsUnderTheResourceGroupVersion() {
    Meta.DeleteOptions opts = Meta.DeleteOptions.newBuilder().setPropagationPolicy("Background")
        .setGracePeriodSeconds(0).build();
    for (String gv : new String[] {"v1", "apps/v1", "meta.k8s.io/v1"}) {
      assertThat(ProtobufBodies.decode(wrap(gv, "DeleteOptions", opts))).isEqualTo(json(
          "{\"apiVersion\":\"" + gv + "\",\"kind\":\"DeleteOptions\",\"gracePeriodSeconds\":0,"
              + "\"propagationPolicy\":\"Background\"}"));
    }
  }

  @Test
  void jsonInsideUnknownIsAccepted() {
    byte[] body = wrap("v1", "ConfigMap",
        ByteString.copyFromUtf8("{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"b\"}}"), "application/json");
    assertThat(ProtobufBodies.decode(body)).isEqualTo(json(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"b\"}}"));
  }

  // ------------------------------------------------------------------ errors

  @Test
  void missingMagicIs400() {
    assertBadRequest(null, "6b 38 73 00");
    assertBadRequest(new byte[0], "6b 38 73 00");
    assertBadRequest(new byte[] {0x6b, 0x38}, "6b 38 73 00");
    assertBadRequest("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8), "6b 38 73 00");
    V1.Namespace ns = V1.Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("x")).build();
    byte[] body = wrap("v1", "Namespace", ns);
    body[3] = 1;
    assertBadRequest(body, "6b 38 73 00");
  }

  @Test
  void malformedBytesAre400() {
    assertBadRequest(new byte[] {0x6b, 0x38, 0x73, 0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "malformed");
    V1.Namespace ns = V1.Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("team-a")).build();
    byte[] body = wrap("v1", "Namespace", ns);
    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 3);
    assertBadRequest(truncated, "malformed");
    // a well-formed Unknown whose raw is not a Namespace
    assertBadRequest(wrap("v1", "Namespace", ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01}), ""), "malformed");
    // wire type mismatch: metadata (field 1) sent as a varint
    assertBadRequest(wrap("v1", "Namespace", ByteString.copyFrom(new byte[] {0x08, 0x01}), ""), "malformed");
  }

  @Test
  void missingKindOrVersionIs400() {
    V1.Namespace ns = V1.Namespace.newBuilder().build();
    assertBadRequest(wrap("v1", "", ns), "Kind");
    assertBadRequest(wrap("", "Namespace", ns), "apiVersion");
  }

  @Test
  void unknownKindIs415NamingTheKind() {
    V1.Namespace ns = V1.Namespace.newBuilder().build();
    assertThatThrownBy(() -> ProtobufBodies.decode(wrap("example.com/v1", "Widget", ns)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(415);
          assertThat(e.toStatus().get("reason").stringValue()).isEqualTo("UnsupportedMediaType");
          assertThat(e.getMessage()).contains("\"Widget\"").contains("example.com/v1");
        });
    // a known kind under a version this server does not decode
    assertThatThrownBy(() -> ProtobufBodies.decode(wrap("apps/v1beta1", "Deployment", ns)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(415);
          assertThat(e.getMessage()).contains("\"Deployment\"").contains("apps/v1beta1");
        });
    assertThatThrownBy(() -> ProtobufBodies.decode(wrap("example.com/v1", "DeleteOptions", ns)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
  }

  @Test
  void contentTypeHelper() {
    assertThat(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf")).isTrue();
    assertThat(ProtobufBodies.isProtobuf("Application/Vnd.Kubernetes.Protobuf ; charset=x")).isTrue();
    assertThat(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf;stream=watch")).isTrue();
    assertThat(ProtobufBodies.isProtobuf("application/json")).isFalse();
    assertThat(ProtobufBodies.isProtobuf(null)).isFalse();
  }

  private static void assertBadRequest(byte[] body, String messagePart) {
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.toStatus().get("reason").stringValue()).isEqualTo("BadRequest");
          assertThat(e.getMessage()).contains(messagePart);
        });
  }
}
