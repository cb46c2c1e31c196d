package io.capstan.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.controllermanager.app.ControllerManagerApplication;
import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot app as {@code capstan up} runs it (in-process here): it takes the Lease and
 * serves health and Prometheus metrics with the work-queue and reconcile series. Only the
 * ttl-after-finished controller runs, so other test classes' objects are left alone.
 */
class ControllerManagerAppE2ETest {

  @Test
  void theAppTakesItsLeaseAndServesWorkqueueAndReconcileMetrics() throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    String lease = "kube-controller-manager-e2e-" + ThreadLocalRandom.current().nextInt(1 << 20);
    try (KubernetesClient client = Fabric8.client(api);
        ConfigurableApplicationContext app = SpringApplication.run(ControllerManagerApplication.class,
            "--server.port=0", "--server.address=127.0.0.1", "--spring.cloud.config.enabled=false",
            "--spring.config.import=", "--management.endpoints.web.exposure.include=health,prometheus",
            "--capstan.api.kubeconfig=" + api.kubeconfig(),
            "--capstan.kafka.bootstrap-servers=" + KafkaProcess.shared().bootstrapServers(),
            "--capstan.controller-manager.controllers=ttl-after-finished",
            "--capstan.controller-manager.lease-name=" + lease)) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Lease l = client.leases().inNamespace("kube-system").withName(lease).get();
        assertThat(l).isNotNull();
        assertThat(l.getSpec().getHolderIdentity()).isNotBlank();
      });
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("workqueue_depth{name=\"ttl-after-finished\"}",
          "workqueue_adds_total{name=\"ttl-after-finished\"}", "controller_runtime_reconcile_errors_total",
          "capstan_informer_events_total");
    }
  }
}
