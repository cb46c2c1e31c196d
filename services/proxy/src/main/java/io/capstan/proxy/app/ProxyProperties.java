package io.capstan.proxy.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code capstan.proxy.*} and {@code capstan.kafka.*}.
 *
 * @param kubeconfig the proxy's credentials (for now the admin kubeconfig)
 * @param nodeAddress where node ports listen; 0.0.0.0 for every address of the node
 * @param addressLabel the label of the service addresses on {@code lo} (at most 15 characters,
 *     {@code lo:} first); addresses with it are this proxy's, also those a crashed run left
 * @param manageAddresses false: add no addresses (service IPs must already be local)
 */
@ConfigurationProperties(prefix = "capstan")
public record ProxyProperties(Proxy proxy, Kafka kafka) {
  public ProxyProperties {
    if (proxy == null) proxy = new Proxy(null, null, null, null, null, null, null, null);
    if (kafka == null) kafka = new Kafka(null, null);
  }

  public record Proxy(String kubeconfig, String nodeAddress, String addressLabel, Boolean manageAddresses,
      Duration minSyncPeriod, Duration syncPeriod, Duration connectTimeout, Duration udpIdleTimeout) {
    public Proxy {
      if (kubeconfig == null) kubeconfig = ".capstan/admin.kubeconfig";
      if (nodeAddress == null) nodeAddress = "0.0.0.0";
      if (addressLabel == null) addressLabel = "lo:capstan-svc";
      if (manageAddresses == null) manageAddresses = true;
      if (minSyncPeriod == null) minSyncPeriod = Duration.ofMillis(20);
      if (syncPeriod == null) syncPeriod = Duration.ofSeconds(30);
      if (connectTimeout == null) connectTimeout = Duration.ofSeconds(3);
      if (udpIdleTimeout == null) udpIdleTimeout = Duration.ofSeconds(30);
    }
  }

  public record Kafka(String bootstrapServers, Map<String, String> properties) {
    public Kafka {
      if (bootstrapServers == null) bootstrapServers = "127.0.0.1:9092";
      if (properties == null) properties = new LinkedHashMap<>();
    }
  }
}
