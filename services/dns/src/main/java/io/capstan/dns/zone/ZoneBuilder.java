package io.capstan.dns.zone;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Services and EndpointSlices to records, following the Kubernetes DNS-based service discovery
 * specification:
 *
 * <ul>
 *   <li>{@code <svc>.<ns>.svc.<domain>}: A (AAAA) of the cluster IP; for a headless service, of each
 *       ready endpoint; for ExternalName, a CNAME;
 *   <li>{@code <hostname>.<svc>.<ns>.svc.<domain>} for each ready endpoint of a headless service (the
 *       endpoint's hostname — a pod with {@code hostname} and {@code subdomain} = the service — or
 *       its dashed IP);
 *   <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<domain>} SRV for each named port (target: the service
 *       name, or each endpoint name for headless);
 *   <li>PTR for cluster IPs and for headless endpoints;
 *   <li>{@code dns-version.<domain>} TXT {@code 1.1.0}.
 * </ul>
 */
public final class ZoneBuilder {
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String SCHEMA_VERSION = "1.1.0";

  private final Name origin;
  private final long ttl;
  private final Map<Name, Map<Integer, List<Record>>> records = new HashMap<>();

  private ZoneBuilder(Name origin, long ttl) {
    this.origin = origin;
    this.ttl = ttl;
  }

  public static ClusterZone build(Name origin, long ttl, Collection<Service> services, Collection<EndpointSlice> slices) {
    ZoneBuilder b = new ZoneBuilder(origin, ttl);
    Map<String, List<EndpointSlice>> byService = new HashMap<>();
    for (EndpointSlice s : slices) {
      Map<String, String> labels = s.getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (svc != null) byService.computeIfAbsent(s.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>()).add(s);
    }
    b.add(new TXTRecord(b.name("dns-version"), DClass.IN, ttl, SCHEMA_VERSION));
    for (Service svc : services) {
      String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
      b.service(svc, byService.getOrDefault(key, List.of()));
    }
    return new ClusterZone(origin, b.records);
  }

  private void service(Service svc, List<EndpointSlice> slices) {
    var spec = svc.getSpec();
    if (spec == null) return;
    Name base = name(svc.getMetadata().getName() + "." + svc.getMetadata().getNamespace() + ".svc");
    if ("ExternalName".equals(spec.getType())) {
      if (spec.getExternalName() != null && !spec.getExternalName().isEmpty()) {
        add(new CNAMERecord(base, DClass.IN, ttl, absolute(spec.getExternalName())));
      }
      return;
    }
    String clusterIp = spec.getClusterIP();
    if (clusterIp == null || clusterIp.isEmpty()) return;
    if (!"None".equals(clusterIp)) {
      List<String> ips = spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty() ? List.of(clusterIp) : spec.getClusterIPs();
      for (String ip : ips) {
        InetAddress a = parse(ip);
        if (a == null) continue;
        add(address(base, a));
        add(new PTRRecord(ReverseMap.fromAddress(a), DClass.IN, ttl, base));
      }
      for (ServicePort p : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
        if (p.getName() == null || p.getName().isEmpty()) continue;
        add(new SRVRecord(srvName(p.getName(), p.getProtocol(), base), DClass.IN, ttl, 0, 100, p.getPort(), base));
      }
      return;
    }
    headless(svc, base, slices);
  }

  private void headless(Service svc, Name base, List<EndpointSlice> slices) {
    boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    // endpoint name -> address; port name/protocol -> port, per endpoint name
    Map<Name, InetAddress> endpoints = new LinkedHashMap<>();
    Map<String, Map<Name, Integer>> ports = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      if (slice.getEndpoints() == null) continue;
      for (Endpoint e : slice.getEndpoints()) {
        var c = e.getConditions();
        boolean ready = c == null || c.getReady() == null || c.getReady();
        if (!ready && !publishNotReady) continue;
        if (e.getAddresses() == null) continue;
        for (String ip : e.getAddresses()) {
          InetAddress a = parse(ip);
          if (a == null) continue;
          String label = e.getHostname() != null && !e.getHostname().isEmpty()
              ? e.getHostname() : ip.replace('.', '-').replace(':', '-');
          Name epName = child(label, base);
          if (epName == null) continue;
          endpoints.put(epName, a);
          for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
            if (p.getName() == null || p.getName().isEmpty() || p.getPort() == null) continue;
            String key = p.getName() + "/" + Objects.requireNonNullElse(p.getProtocol(), "TCP");
            ports.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(epName, p.getPort());
          }
        }
      }
    }
    Set<InetAddress> distinct = new LinkedHashSet<>(endpoints.values());
    for (InetAddress a : distinct) add(address(base, a));
    for (var e : endpoints.entrySet()) {
      add(address(e.getKey(), e.getValue()));
      add(new PTRRecord(ReverseMap.fromAddress(e.getValue()), DClass.IN, ttl, e.getKey()));
    }
    for (var p : ports.entrySet()) {
      String[] parts = p.getKey().split("/");
      Name srv = srvName(parts[0], parts[1], base);
      int weight = Math.max(1, 100 / p.getValue().size());
      for (var target : p.getValue().entrySet()) {
        add(new SRVRecord(srv, DClass.IN, ttl, 0, weight, target.getValue(), target.getKey()));
      }
    }
  }

  private Record address(Name name, InetAddress a) {
    return a.getAddress().length == 4 ? new ARecord(name, DClass.IN, ttl, a) : new AAAARecord(name, DClass.IN, ttl, a);
  }

  private Name srvName(String port, String protocol, Name base) {
    String proto = Objects.requireNonNullElse(protocol, "TCP").toLowerCase(Locale.ROOT);
    return child("_" + port + "._" + proto, base);
  }

  private void add(Record r) {
    if (r == null || r.getName() == null) return;
    List<Record> list = records.computeIfAbsent(r.getName(), k -> new HashMap<>())
        .computeIfAbsent(r.getType(), k -> new ArrayList<>());
    // PTR: one name per address; a later service with the same IP (never from the allocator) is ignored.
    if (r.getType() == Type.PTR && !list.isEmpty()) return;
    if (!list.contains(r)) list.add(r);
  }

  private Name name(String relative) {
    return child(relative, origin);
  }

  private static Name child(String relative, Name parent) {
    try {
      return Name.concatenate(Name.fromString(relative), parent);
    } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
      return null;
    }
  }

  private static Name absolute(String name) {
    try {
      return Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      return Name.root;
    }
  }

  private static InetAddress parse(String ip) {
    if (ip == null || ip.isEmpty() || !(ip.indexOf(':') >= 0 || ip.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)))) {
      return null; // never resolve a host name here
    }
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
