package io.capstan.proxy.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per service port: connections (UDP: sessions) accepted, rejected for want of an endpoint, and
 * bytes each way; plus open connections and kube-proxy's sync duration.
 */
public final class ProxyMetrics {
  /** The counters of one service port. */
  public record PortCounters(Counter connections, Counter rejected, Counter bytesIn, Counter bytesOut) {}

  private final MeterRegistry registry;
  private final Map<ServicePortName, PortCounters> counters = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final Timer sync;

  public ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("capstan_proxy_open_connections", open, AtomicInteger::get)
        .description("Proxied TCP connections and UDP sessions now open").register(registry);
    this.sync = Timer.builder("kubeproxy_sync_proxy_rules_duration_seconds")
        .description("How long applying Services and EndpointSlices to the listeners took").register(registry);
  }

  public PortCounters of(ServicePortName s) {
    return counters.computeIfAbsent(s, k -> new PortCounters(
        counter("capstan_proxy_connections_total", k, "Connections (UDP: sessions) forwarded to an endpoint"),
        counter("capstan_proxy_rejected_total", k, "Connections refused because the service had no endpoint"),
        Counter.builder("capstan_proxy_bytes_total").tags(tags(k)).tag("direction", "to_endpoint")
            .description("Bytes forwarded").register(registry),
        Counter.builder("capstan_proxy_bytes_total").tags(tags(k)).tag("direction", "to_client")
            .description("Bytes forwarded").register(registry)));
  }

  private Counter counter(String name, ServicePortName s, String description) {
    return Counter.builder(name).tags(tags(s)).description(description).register(registry);
  }

  private static String[] tags(ServicePortName s) {
    return new String[] {"namespace", s.namespace(), "service", s.name(), "port", s.port(), "protocol", s.protocol()};
  }

  public AtomicInteger open() {
    return open;
  }

  public Timer sync() {
    return sync;
  }
}
