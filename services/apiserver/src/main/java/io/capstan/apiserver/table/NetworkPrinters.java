package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.age;
import static io.capstan.apiserver.table.Fields.list;
import static io.capstan.apiserver.table.Fields.name;
import static io.capstan.apiserver.table.Fields.node;
import static io.capstan.apiserver.table.Fields.num;
import static io.capstan.apiserver.table.Fields.orDefault;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Rows of services, endpoints and endpoint slices (Kubernetes' printService, printEndpoints, printEndpointSlice). */
final class NetworkPrinters {
  private NetworkPrinters() {}

  private static final int MAX_LISTED = 3;

  static TableConvertor services(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Type", "type determines how the Service is exposed."),
        Columns.string("Cluster-IP", "clusterIP is the IP address of the service."),
        Columns.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster "
            + "will also accept traffic for this service."),
        Columns.string("Port(s)", "The list of ports that are exposed by this service."),
        Columns.age(),
        Columns.wide("Selector", "Route service traffic to pods with label keys and values matching this selector."));
    return new KindConvertor(cols, (o, now) -> {
      // The API server defaults type to ClusterIP and protocol to TCP.
      String type = orDefault(str(o, "spec.type"), "ClusterIP");
      String clusterIp = "";
      List<JsonNode> ips = list(o, "spec.clusterIPs");
      if (!ips.isEmpty()) clusterIp = ips.get(0).asString();
      if (clusterIp.isEmpty()) clusterIp = str(o, "spec.clusterIP");
      String ports = portString(list(o, "spec.ports"));
      return Arrays.asList(name(o), type, orDefault(clusterIp, "<none>"), externalIp(o, type),
          orDefault(ports, "<none>"), age(o, now), Fields.formatLabels(node(o, "spec.selector")));
    }, clock);
  }

  /** "80/TCP,443:30443/TCP": port, node port when set, protocol. */
  static String portString(List<JsonNode> ports) {
    List<String> pieces = new ArrayList<>();
    for (JsonNode p : ports) {
      String protocol = orDefault(str(p, "protocol"), "TCP");
      long nodePort = num(p, "nodePort");
      pieces.add(nodePort > 0 ? num(p, "port") + ":" + nodePort + "/" + protocol : num(p, "port") + "/" + protocol);
    }
    return String.join(",", pieces);
  }

  /** Kubernetes' getServiceExternalIP in wide mode (the API server never clips). */
  private static String externalIp(JsonNode svc, String type) {
    List<String> externalIps = new ArrayList<>();
    for (JsonNode ip : list(svc, "spec.externalIPs")) externalIps.add(ip.asString());
    switch (type) {
      case "ClusterIP", "NodePort":
        return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
      case "LoadBalancer": {
        TreeSet<String> lb = new TreeSet<>();
        for (JsonNode ing : list(svc, "status.loadBalancer.ingress")) {
          if (!str(ing, "ip").isEmpty()) lb.add(str(ing, "ip"));
          else if (!str(ing, "hostname").isEmpty()) lb.add(str(ing, "hostname"));
        }
        if (!externalIps.isEmpty()) {
          List<String> all = new ArrayList<>(lb);
          all.addAll(externalIps);
          return String.join(",", all);
        }
        return lb.isEmpty() ? "<pending>" : String.join(",", lb);
      }
      case "ExternalName":
        return str(svc, "spec.externalName");
      default:
        return "<unknown>";
    }
  }

  static TableConvertor endpoints(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Endpoints", "The set of all endpoints is the union of all subsets."), Columns.age());
    return new KindConvertor(cols, (o, now) -> Arrays.asList(name(o), formatEndpoints(o), age(o, now)), clock);
  }

  /** Up to three "ip:port" entries, then " + N more...". */
  static String formatEndpoints(JsonNode endpoints) {
    List<JsonNode> subsets = list(endpoints, "subsets");
    if (subsets.isEmpty()) return "<none>";
    List<String> shown = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (JsonNode ss : subsets) {
      List<JsonNode> addresses = list(ss, "addresses");
      List<JsonNode> ports = list(ss, "ports");
      if (ports.isEmpty()) {
        // headless services may have no ports
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (shown.size() == MAX_LISTED) {
            more = true;
            break;
          }
          shown.add(str(a, "ip"));
        }
        continue;
      }
      for (JsonNode port : ports) {
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (shown.size() == MAX_LISTED) {
            more = true;
            break;
          }
          shown.add(hostPort(str(a, "ip"), num(port, "port")));
        }
      }
    }
    String ret = String.join(",", shown);
    return more ? ret + " + " + (count - MAX_LISTED) + " more..." : ret;
  }

  /** Go's net.JoinHostPort: brackets around IPv6 addresses. */
  private static String hostPort(String host, long port) {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  static TableConvertor endpointSlices(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
        Columns.string("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
        Columns.string("Endpoints", "endpoints is a list of unique endpoints in this slice."), Columns.age());
    return new KindConvertor(cols, (o, now) -> {
      List<String> ports = new ArrayList<>();
      int portCount = 0;
      for (JsonNode p : list(o, "ports")) {
        if (ports.size() < MAX_LISTED) {
          String port = "*";
          if (Fields.has(p, "port")) port = String.valueOf(num(p, "port"));
          else if (Fields.has(p, "name")) port = str(p, "name");
          ports.add(port);
        }
        portCount++;
      }
      List<String> addresses = new ArrayList<>();
      int addressCount = 0;
      for (JsonNode e : list(o, "endpoints")) {
        for (JsonNode a : list(e, "addresses")) {
          if (addresses.size() < MAX_LISTED) addresses.add(a.asString());
          addressCount++;
        }
      }
      return Arrays.asList(name(o), str(o, "addressType"), withMore(ports, portCount),
          withMore(addresses, addressCount), age(o, now));
    }, clock);
  }

  /** Kubernetes' listWithMoreString: "<unset>" when empty. */
  private static String withMore(List<String> shown, int count) {
    String ret = String.join(",", shown);
    if (count > MAX_LISTED) return ret + " + " + (count - MAX_LISTED) + " more...";
    return ret.isEmpty() ? "<unset>" : ret;
  }
}
