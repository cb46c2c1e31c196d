package io.capstan.nodeagent.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's resolv.conf from its {@code dnsPolicy} and {@code dnsConfig}, as the kubelet writes it:
 *
 * <ul>
 *   <li>ClusterFirst (the default; with hostNetwork only as ClusterFirstWithHostNet): the cluster DNS
 *       servers, search {@code <ns>.svc.<domain> svc.<domain> <domain>}, {@code ndots:5}. Without a
 *       cluster DNS address configured the node falls back to Default, as the kubelet does;
 *   <li>Default: the host's resolv.conf (the runtime copies it when given nothing);
 *   <li>None: only {@code dnsConfig}.
 * </ul>
 *
 * {@code dnsConfig} is then merged in: nameservers and searches appended without duplicates,
 * options replacing same-named ones.
 *
 * @param clusterDns the cluster DNS server addresses (empty: no cluster DNS on this node)
 * @param hostResolvConf the node's resolver configuration, read when Default is merged with dnsConfig
 */
public record PodDnsConfig(List<String> clusterDns, String clusterDomain, Path hostResolvConf) {

  public static final PodDnsConfig NONE = new PodDnsConfig(List.of(), "cluster.local", Path.of("/etc/resolv.conf"));

  /** Empty lists leave the runtime's default (the host's file) in place. */
  public record ResolvConf(List<String> nameservers, List<String> searches, List<String> options) {}

  public ResolvConf forPod(Pod pod) {
    var spec = pod.getSpec();
    String policy = spec.getDnsPolicy() == null || spec.getDnsPolicy().isEmpty() ? "ClusterFirst" : spec.getDnsPolicy();
    boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
    boolean cluster = policy.equals("ClusterFirstWithHostNet") || (policy.equals("ClusterFirst") && !hostNetwork);
    if (cluster && clusterDns.isEmpty()) cluster = false;
    PodDNSConfig extra = spec.getDnsConfig();
    List<String> servers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    if (policy.equals("None")) {
      // Only dnsConfig; below.
    } else if (cluster) {
      String ns = pod.getMetadata().getNamespace();
      servers.addAll(clusterDns);
      searches.addAll(List.of(ns + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
      options.put("ndots", "5");
    } else if (extra == null) {
      return new ResolvConf(List.of(), List.of(), List.of());
    } else {
      readHost(servers, searches, options);
    }
    if (extra != null) {
      if (extra.getNameservers() != null) servers.addAll(extra.getNameservers());
      if (extra.getSearches() != null) searches.addAll(extra.getSearches());
      if (extra.getOptions() != null) {
        for (PodDNSConfigOption o : extra.getOptions()) options.put(o.getName(), o.getValue());
      }
    }
    List<String> opts = options.entrySet().stream()
        .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + ":" + e.getValue()).toList();
    List<String> search = List.copyOf(new LinkedHashSet<>(searches));
    // An empty search list would make the runtime copy the host's; "." means none.
    if (search.isEmpty() && !servers.isEmpty()) search = List.of(".");
    return new ResolvConf(List.copyOf(new LinkedHashSet<>(servers)), search, opts);
  }

  private void readHost(List<String> servers, List<String> searches, Map<String, String> options) {
    List<String> lines;
    try {
      lines = Files.readAllLines(hostResolvConf);
    } catch (IOException e) {
      return; // no host file: dnsConfig alone
    }
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2) continue;
      switch (f[0]) {
        case "nameserver" -> servers.add(f[1]);
        case "search", "domain" -> searches.addAll(List.of(f).subList(1, f.length));
        case "options" -> {
          for (int i = 1; i < f.length; i++) {
            int colon = f[i].indexOf(':');
            options.put(colon < 0 ? f[i] : f[i].substring(0, colon), colon < 0 ? null : f[i].substring(colon + 1));
          }
        }
        default -> { }
      }
    }
  }
}
