package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testing.ApiServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The suite's cluster starts and answers anonymous probes, and refuses anonymous resource reads. */
class ClusterSmokeTest {

  @Test
  void readyzIsPublicAndResourcesNeedCredentials() throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    HttpClient http = HttpClient.newBuilder().sslContext(api.trustingContext()).build();
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(api.url().resolve("/readyz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    HttpResponse<String> pods = http.send(HttpRequest.newBuilder(api.url().resolve("/api/v1/pods")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(pods.statusCode()).isEqualTo(401);
    assertThat(pods.body()).contains("\"kind\":\"Status\"").contains("\"reason\":\"Unauthorized\"");
  }
}
