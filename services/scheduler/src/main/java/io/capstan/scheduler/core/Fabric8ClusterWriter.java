package io.capstan.scheduler.core;

import io.capstan.scheduler.framework.ClusterWriter;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The scheduler's writes through the fabric8 client (pods/binding over the client's HTTP client). */
public final class Fabric8ClusterWriter implements ClusterWriter {
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private final KubernetesClient client;
  private final KubernetesSerialization json = new KubernetesSerialization();
  private final String host = hostName();

  public Fabric8ClusterWriter(KubernetesClient client) {
    this.client = client;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void bind(Pod pod, String nodeName) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Binding b = new BindingBuilder().withNewMetadata().withName(name).withNamespace(ns).withUid(pod.getMetadata().getUid()).endMetadata()
        .withNewTarget().withKind("Node").withApiVersion("v1").withName(nodeName).endTarget().build();
    String base = client.getMasterUrl().toString().replaceAll("/$", "");
    HttpClient http = client.getHttpClient();
    HttpRequest req = http.newHttpRequestBuilder().uri(base + "/api/v1/namespaces/" + ns + "/pods/" + name + "/binding")
        .post("application/json", json.asJson(b)).build();
    HttpResponse<String> res;
    try {
      res = http.sendAsync(req, String.class).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted binding " + ns + "/" + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("binding " + ns + "/" + name + " failed: " + e.getMessage(), e);
    }
    if (res.code() / 100 != 2) throw new KubernetesClientException("binding " + ns + "/" + name + " to " + nodeName + ": HTTP " + res.code() + " " + res.body());
  }

  @Override
  public void markUnschedulable(Pod pod, String message, String nominatedNode) {
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", "PodScheduled");
    condition.put("status", "False");
    condition.put("reason", "Unschedulable");
    condition.put("message", message);
    condition.put("lastProbeTime", null);
    condition.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("conditions", List.of(condition));
    if (nominatedNode != null) status.put("nominatedNodeName", nominatedNode);
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).subresource("status")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), json.asJson(Map.of("status", status)));
  }

  @Override
  public void deletePod(Pod victim) {
    client.pods().inNamespace(victim.getMetadata().getNamespace()).withName(victim.getMetadata().getName()).delete();
  }

  @Override
  public void event(Pod pod, String component, String type, String reason, String action, String message) {
    Instant now = Instant.now();
    String ts = now.truncatedTo(ChronoUnit.SECONDS).toString();
    client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(new EventBuilder()
        .withNewMetadata().withName(pod.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli()) + UUID.randomUUID().toString().substring(0, 6))
        .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
        .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type).withReason(reason).withAction(action).withMessage(message)
        .withNewSource().withComponent(component).endSource()
        .withReportingComponent(component).withReportingInstance(component + "-" + host)
        .withFirstTimestamp(ts).withLastTimestamp(ts).withEventTime(new MicroTime(MICRO.format(now))).withCount(1)
        .build()).create();
  }
}
