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
 * The {@code default/kubernetes} Service (ClusterIP {@code capstan.kubernetes-service-ip}, 10.96.0.1
 * by default, port 443) with its Endpoints and EndpointSlice pointing at this API server, which
 * in-cluster clients use to find the API. The endpoints are reconciled at every start (as
 * Kubernetes' endpoint reconciler does), so an API server that moved to another address or port
 * is found again; the service proxy reads the EndpointSlice.
 */
@Component
@Order(20)
public class KubernetesService implements ApplicationRunner {
  static final String DEFAULT_CLUSTER_IP = "10.96.0.1";
  static final String NAME = "kubernetes";

  private final GenericRegistry registry;
  private final ResourceCatalog catalog;
  private final String address;
  private final int port;
  private final String clusterIp;

  public KubernetesService(GenericRegistry registry, ResourceCatalog catalog,
      @Value("${capstan.advertise-address:127.0.0.1}") String address, @Value("${server.port:6443}") int port,
      @Value("${capstan.kubernetes-service-ip:" + DEFAULT_CLUSTER_IP + "}") String clusterIp) {
    this.registry = registry;
    this.catalog = catalog;
    this.address = address;
    this.port = port;
    this.clusterIp = clusterIp;
  }

  @Override
  public void run(ApplicationArguments args) {
    Served services = catalog.find("", "v1", "services").orElseThrow();
    ObjectNode svc = Json.object();
    ObjectNode meta = svc.putObject("metadata");
    meta.put("name", NAME);
    meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = svc.putObject("spec");
    spec.put("type", "ClusterIP");
    spec.put("clusterIP", clusterIp);
    ObjectNode p = spec.putArray("ports").addObject();
    p.put("name", "https");
    p.put("port", 443);
    p.put("protocol", "TCP");
    p.put("targetPort", port);
    createIfAbsent(services, svc);

    Served endpoints = catalog.find("", "v1", "endpoints").orElseThrow();
    ObjectNode ep = Json.object();
    ep.putObject("metadata").put("name", NAME);
    ObjectNode subset = ep.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address);
    ObjectNode epPort = subset.putArray("ports").addObject();
    epPort.put("name", "https");
    epPort.put("port", port);
    epPort.put("protocol", "TCP");
    reconcile(endpoints, ep, "subsets");

    Served slices = catalog.find("discovery.k8s.io", "v1", "endpointslices").orElseThrow();
    ObjectNode slice = Json.object();
    slice.put("apiVersion", "discovery.k8s.io/v1");
    slice.put("kind", "EndpointSlice");
    slice.putObject("metadata").put("name", NAME).putObject("labels").put("kubernetes.io/service-name", NAME);
    slice.put("addressType", "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(address);
    endpoint.putObject("conditions").put("ready", true);
    ObjectNode slicePort = slice.putArray("ports").addObject();
    slicePort.put("name", "https");
    slicePort.put("port", port);
    slicePort.put("protocol", "TCP");
    reconcile(slices, slice, "endpoints", "ports");
  }

  private void createIfAbsent(Served served, ObjectNode obj) {
    try {
      registry.create(served, "default", obj, false);
    } catch (ApiException e) {
      if (e.code() != 409) throw e;
    }
  }

  /** Creates {@code desired}, or rewrites the named fields of the stored one when they differ. */
  private void reconcile(Served served, ObjectNode desired, String... fields) {
    try {
      registry.create(served, "default", desired.deepCopy(), false);
    } catch (ApiException e) {
      if (e.code() != 409) throw e;
      registry.patch(served, "default", NAME, stored -> {
        for (String f : fields) stored.set(f, desired.get(f).deepCopy());
        return stored;
      }, false, false);
    }
  }
}
