package io.capstan.dns.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code capstan.dns.*} and {@code capstan.kafka.*}.
 *
 * @param kubeconfig the service's credentials: {@code system:capstan:dns}, which may only list and watch
 *     services and EndpointSlices
 * @param address where to serve; pods must reach it (the node agent's cluster DNS address)
 * @param manageAddress add {@code address} as a /32 on {@code lo} (label {@code addressLabel}) and remove it on stop
 * @param resolvConf the host resolver configuration for other names; empty: no forwarding
 */
@ConfigurationProperties(prefix = "capstan")
public record DnsProperties(Dns dns, Kafka kafka) {
  public DnsProperties {
    if (dns == null) dns = new Dns(null, null, null, null, null, null, null, null);
    if (kafka == null) kafka = new Kafka(null, null);
  }

  public record Dns(String kubeconfig, String address, Integer port, String domain, Long ttl, Boolean manageAddress,
      String addressLabel, String resolvConf) {
    public Dns {
      if (kubeconfig == null) kubeconfig = ".capstan/dns.kubeconfig";
      if (address == null) address = "10.96.0.10";
      if (port == null) port = 53;
      if (domain == null) domain = "cluster.local";
      if (ttl == null) ttl = 5L;
      if (manageAddress == null) manageAddress = true;
      if (addressLabel == null) addressLabel = "lo:capstan-dns";
      if (resolvConf == null) resolvConf = "/etc/resolv.conf";
    }
  }

  public record Kafka(String bootstrapServers, Map<String, String> properties) {
    public Kafka {
      if (bootstrapServers == null) bootstrapServers = "127.0.0.1:9092";
      if (properties == null) properties = new LinkedHashMap<>();
    }
  }
}
