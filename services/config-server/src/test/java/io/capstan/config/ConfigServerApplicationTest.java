package io.capstan.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Boots the server over the repository's real config/ folder, as `capstan up` does. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.cloud.config.server.native.search-locations=file:../../config/",
      "server.address=127.0.0.1"
    })
class ConfigServerApplicationTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Test
  void servesApiserverSettingsFromTheConfigFolder() throws Exception {
    JsonNode env = get("/apiserver/default");

    assertThat(env.path("name").asString()).isEqualTo("apiserver");
    assertThat(propertyFrom(env, "apiserver.yml", "capstan.etcd.endpoints"))
        .isEqualTo("http://127.0.0.1:2379");
    assertThat(propertyFrom(env, "application.yml", "logging.level.root")).isEqualTo("INFO");
  }

  @Test
  void reportsHealthUp() throws Exception {
    assertThat(get("/actuator/health").path("status").asString()).isEqualTo("UP");
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JsonMapper.builder().build().readTree(response.body());
  }

  /** The value of {@code key} in the property source whose name ends with {@code file}. */
  private static String propertyFrom(JsonNode env, String file, String key) {
    for (JsonNode source : env.path("propertySources")) {
      if (source.path("name").asString().endsWith(file)) {
        return source.path("source").path(key).asString();
      }
    }
    throw new AssertionError("no property source " + file + " in " + env);
  }
}
