package io.capstan.apiserver.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class FieldSelectorTest {

  private static final JsonNode POD = json("""
      {"metadata":{"name":"web-1","namespace":"prod"},
       "spec":{"nodeName":"node-a","restartPolicy":"Always","schedulerName":"default-scheduler",
               "serviceAccountName":"default"},
       "status":{"phase":"Running","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"},{"ip":"fd00::5"}]}}""");

  @Test
  void parsesTermsAndPrintsCanonically() {
    FieldSelector s = FieldSelector.parse("status.phase!=Failed,metadata.name==web-1,spec.nodeName=node-a");
    assertThat(s.terms()).extracting(FieldSelector.Term::field)
        .containsExactly("metadata.name", "spec.nodeName", "status.phase");
    assertThat(s.toString()).isEqualTo("metadata.name=web-1,spec.nodeName=node-a,status.phase!=Failed");
  }

  @Test
  void emptyAndNullSelectEverything() {
    assertThat(FieldSelector.parse("").isEmpty()).isTrue();
    assertThat(FieldSelector.parse(null).isEmpty()).isTrue();
    assertThat(FieldSelector.parse(",").isEmpty()).isTrue();
    assertThat(FieldSelector.parse("").matches(POD, "", "pods")).isTrue();
  }

  @Test
  void escapedValues() {
    FieldSelector s = FieldSelector.parse("metadata.name=a\\,b\\=c\\\\d,spec.nodeName=x");
    assertThat(s.terms().get(0).value()).isEqualTo("a,b=c\\d");
    assertThat(s.toString()).isEqualTo("metadata.name=a\\,b\\=c\\\\d,spec.nodeName=x");
    assertThat(FieldSelector.parse("metadata.name=").terms().get(0).value()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nofield | invalid selector: 'nofield'; can't understand 'nofield'",
      "a=b,c | invalid selector: 'a=b,c'; can't understand 'c'",
      "a=b=c | invalid field selector: unescaped character in value: 61",
      "a=b\\x | invalid field selector: invalid escape sequence: \\x",
      "a=b\\ | invalid field selector: invalid escape sequence: \\",
  })
  void malformedSelectorsAreBadRequests(String selector, String message) {
    assertThatThrownBy(() -> FieldSelector.parse(selector))
        .isInstanceOf(ApiException.class)
        .hasMessage(message)
        .extracting(e -> ((ApiException) e).code()).isEqualTo(400);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | pods | spec.foo | field label not supported: spec.foo",
      "'' | nodes | metadata.namespace | field label not supported: metadata.namespace",
      "'' | namespaces | spec.finalizers | field label not supported: spec.finalizers",
      "'' | secrets | data | field label not supported: data",
      "'' | events | message | field label not supported: message",
      "events.k8s.io | events | involvedObject.kind | field label not supported: involvedObject.kind",
      "batch | jobs | status.active | field label \"status.active\" not supported for batchv1.Job",
      "'' | configmaps | data.x | \"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
      "apps | deployments | spec.replicas | \"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
  })
  void unsupportedFieldsUseTheKindsWording(String group, String plural, String field, String message) {
    FieldSelector s = FieldSelector.parse(field + "=x");
    assertThatThrownBy(() -> s.validate(group, plural))
        .isInstanceOf(ApiException.class)
        .hasMessage(message)
        .extracting(e -> ((ApiException) e).reason()).isEqualTo("BadRequest");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | pods | spec.nodeName,spec.restartPolicy,spec.schedulerName,spec.serviceAccountName,spec.hostNetwork,status.phase,status.podIP,status.podIPs,status.nominatedNodeName,metadata.name,metadata.namespace,spec.host",
      "'' | events | involvedObject.kind,involvedObject.namespace,involvedObject.name,involvedObject.uid,involvedObject.apiVersion,involvedObject.resourceVersion,involvedObject.fieldPath,reason,reportingComponent,source,type",
      "events.k8s.io | events | regarding.kind,regarding.namespace,regarding.name,regarding.uid,regarding.apiVersion,regarding.resourceVersion,regarding.fieldPath,reason,reportingController,source,type",
      "'' | secrets | type,metadata.name,metadata.namespace",
      "'' | namespaces | status.phase,metadata.name,name",
      "'' | nodes | spec.unschedulable,metadata.name",
      "'' | services | spec.clusterIP,spec.type",
      "'' | replicationcontrollers | status.replicas",
      "apps | replicasets | status.replicas",
      "batch | jobs | status.successful",
      "certificates.k8s.io | certificatesigningrequests | spec.signerName",
      "'' | configmaps | metadata.name,metadata.namespace",
      "example.com | widgets | metadata.name,metadata.namespace",
  })
  void supportedFieldsValidate(String group, String plural, String fields) {
    for (String f : fields.split(",")) {
      assertThat(FieldSelector.forResource(group, plural)).contains(f);
      FieldSelector.parse(f + "=x").validate(group, plural);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "metadata.name=web-1 | true",
      "metadata.namespace=prod | true",
      "metadata.namespace!=prod | false",
      "spec.nodeName=node-a,status.phase=Running | true",
      "spec.nodeName=node-b | false",
      "spec.nodeName!=node-b | true",
      "spec.hostNetwork=false | true",
      "spec.hostNetwork=true | false",
      "status.podIP=10.0.0.5 | true",
      "status.podIPs=fd00::5 | true",
      "status.podIPs!=fd00::5 | false",
      "status.nominatedNodeName= | true",
      "spec.host=node-a | true",
      "status.phase==Running | true",
  })
  void podFields(String selector, boolean expected) {
    FieldSelector s = FieldSelector.parse(selector).validate("", "pods");
    assertThat(s.matches(POD, "", "pods")).isEqualTo(expected);
  }

  @Test
  void aliasIsRewrittenByValidate() {
    assertThat(FieldSelector.parse("spec.host=n1").validate("", "pods").toString()).isEqualTo("spec.nodeName=n1");
    assertThat(FieldSelector.parse("spec.host=node-a").matches(POD, "", "pods")).isTrue();
  }

  @Test
  void podIpFallsBackToSingularField() {
    JsonNode pod = json("{\"status\":{\"podIP\":\"10.1.1.1\"}}");
    assertThat(FieldSelector.parse("status.podIP=10.1.1.1").matches(pod, "", "pods")).isTrue();
    assertThat(FieldSelector.parse("status.podIPs=10.1.1.1").matches(pod, "", "pods")).isTrue();
    assertThat(FieldSelector.parse("status.podIP=").matches(json("{}"), "", "pods")).isTrue();
  }

  @Test
  void coreEventFields() {
    JsonNode ev = json("""
        {"metadata":{"name":"e1","namespace":"ns"},
         "involvedObject":{"kind":"Pod","name":"web","namespace":"ns","uid":"u1"},
         "reason":"Started","type":"Normal","reportingComponent":"kubelet"}""");
    assertThat(FieldSelector.parse("involvedObject.kind=Pod,involvedObject.name=web,reason=Started,type=Normal")
        .matches(ev, "", "events")).isTrue();
    assertThat(FieldSelector.parse("source=kubelet").matches(ev, "", "events")).isTrue();
    assertThat(FieldSelector.parse("involvedObject.uid=u2").matches(ev, "", "events")).isFalse();
    JsonNode withSource = json("{\"source\":{\"component\":\"scheduler\"},\"reportingComponent\":\"x\"}");
    assertThat(FieldSelector.parse("source=scheduler").matches(withSource, "", "events")).isTrue();
  }

  @Test
  void eventsV1Fields() {
    JsonNode ev = json("""
        {"metadata":{"name":"e1","namespace":"ns"},"regarding":{"kind":"Node","name":"n1"},
         "reportingController":"node-agent","reason":"Ready","type":"Normal"}""");
    assertThat(FieldSelector.parse("regarding.kind=Node,reportingController=node-agent,source=node-agent")
        .matches(ev, "events.k8s.io", "events")).isTrue();
    assertThat(FieldSelector.parse("regarding.name=n2").matches(ev, "events.k8s.io", "events")).isFalse();
  }

  @Test
  void kindSpecificFields() {
    assertThat(FieldSelector.parse("type=kubernetes.io/tls")
        .matches(json("{\"type\":\"kubernetes.io/tls\"}"), "", "secrets")).isTrue();
    assertThat(FieldSelector.parse("status.phase=Active")
        .matches(json("{\"status\":{\"phase\":\"Active\"}}"), "", "namespaces")).isTrue();
    assertThat(FieldSelector.parse("name=ns1").matches(json("{\"metadata\":{\"name\":\"ns1\"}}"), "", "namespaces"))
        .isTrue();
    assertThat(FieldSelector.parse("spec.unschedulable=false").matches(json("{}"), "", "nodes")).isTrue();
    assertThat(FieldSelector.parse("spec.unschedulable=true")
        .matches(json("{\"spec\":{\"unschedulable\":true}}"), "", "nodes")).isTrue();
    assertThat(FieldSelector.parse("status.replicas=0").matches(json("{}"), "apps", "replicasets")).isTrue();
    assertThat(FieldSelector.parse("status.replicas=3")
        .matches(json("{\"status\":{\"replicas\":3}}"), "", "replicationcontrollers")).isTrue();
    assertThat(FieldSelector.parse("status.successful=2")
        .matches(json("{\"status\":{\"succeeded\":2}}"), "batch", "jobs")).isTrue();
    assertThat(FieldSelector.parse("spec.type=NodePort,spec.clusterIP=10.96.0.9")
        .matches(json("{\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.96.0.9\"}}"), "", "services")).isTrue();
    assertThat(FieldSelector.parse("metadata.namespace=").matches(json("{\"metadata\":{\"name\":\"x\"}}"),
        "scheduling.k8s.io", "priorityclasses")).isTrue();
  }

  @Test
  void customResourceFieldsAreReadFromTheirPath() {
    JsonNode cr = json("{\"metadata\":{\"name\":\"w\"},\"spec\":{\"color\":\"blue\"}}");
    assertThat(FieldSelector.parse("spec.color=blue").matches(cr, "example.com", "widgets")).isTrue();
    assertThat(FieldSelector.parse("spec.color!=blue").matches(cr, "example.com", "widgets")).isFalse();
  }

  @Test
  void requiresExactMatch() {
    FieldSelector s = FieldSelector.parse("spec.nodeName=n1,status.phase!=Failed");
    assertThat(s.requiresExactMatch("spec.nodeName")).contains("n1");
    assertThat(s.requiresExactMatch("status.phase")).isEmpty();
  }

  private static JsonNode json(String s) {
    return Json.MAPPER.readTree(s);
  }
}
