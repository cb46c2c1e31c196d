package io.capstan.apiserver.node;

import io.capstan.model.ApiException;
import java.net.URI;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Where a node's agent serves the node API, read from its Node object: the first address of the
 * preferred types in {@code status.addresses} and {@code status.daemonEndpoints.kubeletEndpoint.port}.
 * InternalIP comes first (kube-apiserver's default puts Hostname first, but a node's host name
 * need not resolve from here).
 */
record NodeEndpoint(String host, int port) {
  static final List<String> PREFERRED_TYPES = List.of("InternalIP", "ExternalIP", "Hostname");

  static NodeEndpoint of(JsonNode node) {
    String name = node.path("metadata").path("name").asString("");
    int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
    if (port <= 0) throw ApiException.unavailable("node " + name + " does not report its node API port");
    for (String type : PREFERRED_TYPES) {
      for (JsonNode a : node.path("status").path("addresses")) {
        if (type.equals(a.path("type").asString("")) && !a.path("address").asString("").isEmpty()) {
          return new NodeEndpoint(a.path("address").asString(), port);
        }
      }
    }
    throw ApiException.unavailable("node " + name + " reports no address");
  }

  URI uri(String pathAndQuery) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("https://" + h + ":" + port + pathAndQuery);
  }
}
