package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.CLOCK;
import static io.capstan.apiserver.table.Fixtures.ago;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.table.TableConvertor.Column;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NetworkPrintersTest {

  private final TableConvertor services = NetworkPrinters.services(CLOCK);

  @Test
  void clusterIpService() {
    JsonNode svc = json("""
        {"metadata":{"name":"web","creationTimestamp":"%s"},
         "spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
           "selector":{"app":"web"},"ports":[{"port":80,"protocol":"TCP","targetPort":8080}]}}""".formatted(ago(30)));
    assertThat(services.columns()).extracting(Column::name)
        .containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
    assertThat(services.cells(svc)).containsExactly("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP", "30s",
        "app=web");
  }

  @Test
  void nodePortFormatting() {
    JsonNode svc = json("""
        {"metadata":{"name":"web"},
         "spec":{"type":"NodePort","clusterIP":"10.96.1.1","ports":[
           {"name":"http","port":80,"protocol":"TCP"},{"name":"https","port":443,"protocol":"TCP","nodePort":30443},
           {"name":"dns","port":53,"protocol":"UDP","nodePort":30053}]}}""");
    assertThat(services.cells(svc).subList(1, 5))
        .containsExactly("NodePort", "10.96.1.1", "<none>", "80/TCP,443:30443/TCP,53:30053/UDP");
  }

  @Test
  void loadBalancerExternalIps() {
    JsonNode pending = json("""
        {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIP":"10.96.2.2","ports":[{"port":80}]}}""");
    JsonNode ready = json("""
        {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIP":"10.96.2.2","externalIPs":["1.1.1.1"]},
         "status":{"loadBalancer":{"ingress":[{"ip":"34.1.2.3"},{"hostname":"a.example.com"}]}}}""");
    assertThat(services.cells(pending).subList(3, 5)).containsExactly("<pending>", "80/TCP");
    assertThat(services.cells(ready).subList(3, 5)).containsExactly("34.1.2.3,a.example.com,1.1.1.1", "<none>");
  }

  @Test
  void headlessAndExternalNameServices() {
    JsonNode headless = json("""
        {"metadata":{"name":"db"},"spec":{"clusterIP":"None","clusterIPs":["None"],"ports":[{"port":5432}]}}""");
    JsonNode external = json("""
        {"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}""");
    assertThat(services.cells(headless).subList(1, 6)).containsExactly("ClusterIP", "None", "<none>", "5432/TCP",
        "<unknown>");
    assertThat(services.cells(external).subList(1, 5)).containsExactly("ExternalName", "<none>", "db.example.com",
        "<none>");
  }

  @Test
  void endpointsListUpToThree() {
    JsonNode ep = json("""
        {"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.1.0.1"},{"ip":"10.1.0.2"},{"ip":"fd00::3"}],
          "ports":[{"port":8080},{"port":9090}]}]}""");
    assertThat(NetworkPrinters.formatEndpoints(ep)).isEqualTo("10.1.0.1:8080,10.1.0.2:8080,[fd00::3]:8080 + 3 more...");
    assertThat(NetworkPrinters.formatEndpoints(json("{\"metadata\":{\"name\":\"x\"}}"))).isEqualTo("<none>");
    JsonNode headless = json("{\"subsets\":[{\"addresses\":[{\"ip\":\"10.1.0.1\"}]}]}");
    assertThat(NetworkPrinters.formatEndpoints(headless)).isEqualTo("10.1.0.1");
  }

  @Test
  void endpointSlice() {
    JsonNode slice = json("""
        {"metadata":{"name":"web-abc","creationTimestamp":"%s"},"addressType":"IPv4",
         "ports":[{"name":"http","port":80},{"name":"named"}],
         "endpoints":[{"addresses":["10.1.0.1"]},{"addresses":["10.1.0.2"]}]}""".formatted(ago(10)));
    assertThat(NetworkPrinters.endpointSlices(CLOCK).cells(slice))
        .containsExactly("web-abc", "IPv4", "80,named", "10.1.0.1,10.1.0.2", "10s");
    JsonNode empty = json("{\"metadata\":{\"name\":\"e\"},\"addressType\":\"IPv4\"}");
    assertThat(NetworkPrinters.endpointSlices(CLOCK).cells(empty).subList(2, 4)).containsExactly("<unset>", "<unset>");
  }
}
