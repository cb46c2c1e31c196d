package io.capstan.apiserver.bootstrap;

import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code default/kubernetes} Service (10.96.0.1:443) and its Endpoints pointing at this API
 * server, which in-cluster clients use to find the API.
 */
@Component
@Order(20)
public class KubernetesService implements ApplicationRunner {
  static final String CLUSTER_IP = "10.96.0.1";

  private final GenericRegistry registry;
  private final ResourceCatalog catalog;
  private final String address;
  private final int port;

  public KubernetesService(GenericRegistry registry, ResourceCatalog catalog,
      @Value("${capstan.advertise-address:127.0.0.1}") String address, @Value("${server.port:6443}") int port) {
    this.registry = registry;
    this.catalog = catalog;
    this.address = address;
    this.port = port;
  }

  @Override
  public void run(ApplicationArguments args) {
    Served services = catalog.find("", "v1", "services").orElseThrow();
    ObjectNode svc = Json.object();
    ObjectNode meta = svc.putObject("metadata");
    meta.put("name", "kubernetes");
    meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = svc.putObject("spec");
    spec.put("type", "ClusterIP");
    spec.put("clusterIP", CLUSTER_IP);
    ObjectNode p = spec.putArray("ports").addObject();
    p.put("name", "https");
    p.put("port", 443);
    p.put("protocol", "TCP");
    p.put("targetPort", port);
    createIfAbsent(services, svc);

    Served endpoints = catalog.find("", "v1", "endpoints").orElseThrow();
    ObjectNode ep = Json.object();
    ep.putObject("metadata").put("name", "kubernetes");
    ObjectNode subset = ep.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address);
    ObjectNode epPort = subset.putArray("ports").addObject();
    epPort.put("name", "https");
    epPort.put("port", port);
    epPort.put("protocol", "TCP");
    createIfAbsent(endpoints, ep);
  }

  private void createIfAbsent(Served served, ObjectNode obj) {
    try {
      registry.create(served, "default", obj, false);
    } catch (ApiException e) {
      if (e.code() != 409) throw e;
    }
  }
}
